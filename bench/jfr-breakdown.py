#!/usr/bin/env python3
"""Where a JVM's Java samples went, by kind of work.

    jfr print --json --stack-depth 96 --events jdk.ExecutionSample REC.jfr | bench/jfr-breakdown.py

Reads JFR execution samples (JSON) on stdin and prints, per kind of work, the share of samples whose stack holds a
frame of that kind. A sample counts once, for the first rule that matches its stack read from the top frame down
(so a copy inside the gRPC deframer counts as the deframer's, a BLAKE3 inside the store's writer as BLAKE3). Samples
of the JIT compiler threads are left out (they are reported by thread CPU). The rules name the costs the PUT and GET
paths are made of; what matches none is "other" (mostly Vert.x and Netty dispatch, promises, headers).
"""
import collections
import json
import sys

# (label, substrings of "package/Class.method" any of which marks a frame as that kind of work), first match wins
RULES = [
    ("BLAKE3 (CID of each copy)", ["io/ddc/crypto/Blake3"]),
    ("ed25519 (P2P request and node-record signatures)", ["rfc8032/Ed25519", "rfc7748/X25519Field"]),
    ("sr25519 (client request signatures)", ["io/ddc/crypto/Field25519", "io/ddc/crypto/Ristretto255",
                                             "io/ddc/crypto/Keccak", "io/ddc/crypto/Strobe", "io/ddc/crypto/Merlin",
                                             "io/ddc/crypto/Sr25519"]),
    ("CRC32C (store block checksums)", ["BlockChecksums", "java/util/zip/CRC32C"]),
    ("copy into the store's staging buffer", ["io/ddc/storage/StagedPieceWriter"]),
    ("Vert.x copy of pooled input (safeBuffer)", ["VertxHandler.safeBuffer"]),
    ("Netty copy of heap output to direct memory", ["AbstractNioChannel.newDirectBuffer"]),
    ("gRPC message deframing and encoding", ["Http2GrpcMessageDeframer", "GrpcMessageImpl.encode",
                                             "GrpcMessageEncoder", "com/google/protobuf"]),
    ("load generator: object content", ["io/ddc/loadtest/Content"]),
    ("index (Chronicle Map)", ["net/openhft"]),
    ("HTTP/2 codec", ["codec/http2"]),
    ("HTTP/1.1 codec", ["codec/http/"]),
    ("socket and selector calls", ["sun/nio/ch", "NioIoHandler"]),
]


def main():
    events = json.load(sys.stdin)["recording"]["events"]
    counts = collections.Counter()
    total = 0
    for e in events:
        thread = (e["values"].get("sampledThread") or {}).get("javaName") or ""
        if "CompilerThread" in thread:
            continue
        frames = (e["values"].get("stackTrace") or {"frames": []})["frames"]
        names = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in frames]
        label = "other"
        for name in names:
            hit = next((lab for lab, keys in RULES if any(k in name for k in keys)), None)
            if hit:
                label = hit
                break
        counts[label] += 1
        total += 1
    print(f"{total} Java samples by kind of work (first matching frame from the top of each stack)")
    for label, c in counts.most_common():
        print(f"{100 * c / max(1, total):5.1f}%  {label}")


if __name__ == "__main__":
    main()
