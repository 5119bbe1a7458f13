"""Helpers of bench/gateway-vs-nginx.sh (run as `python3 bench/gateway-lib.py COMMAND ...`).

threads PID OUT            snapshot of a process's threads: "tid name cpu-ticks voluntary involuntary" per line into
                           OUT (the last two: the thread's context switches so far, from /proc/PID/task/TID/status)
cpu PID                    CPU seconds (user + system) a process has used so far
switches PID...            voluntary and involuntary context switches so far, summed over all threads of the PIDs
thread-cpu BEFORE AFTER    CPU seconds per thread group (thread name without digits) between two snapshots, and the
                           context switches of the event-loop threads
pauses LOG FROM_MS TO_MS   the JVM's stop-the-world time inside [FROM_MS, TO_MS] (epoch ms) from a log written with
                           -Xlog:gc,safepoint:file=LOG:timemillis: safepoints (count, total, longest) and GC pauses
verdict ROUNDS             the 4 KiB goals over all rounds of one variant. ROUNDS holds one line per round: "our-req/s
                           our-p99 nginx-req/s nginx-p99" (latencies as wrk prints them: 812.5us, 4.21ms, 1.02s). Prints
                           in how many rounds each goal held (req/s >= 1.0x nginx's, p99 <= nginx's) and both together,
                           and the goals judged on the medians of the per-round ratios, the rule the req/s ratio uses
"""
import collections, os, re, statistics, sys

HZ = os.sysconf("SC_CLK_TCK")


def threads(pid, out):
    rows = []
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = open(f"/proc/{pid}/task/{tid}/stat").read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        vol, invol = switches_of(f"/proc/{pid}/task/{tid}/status")
        rows.append(f"{tid}\t{name}\t{int(fields[11]) + int(fields[12])}\t{vol}\t{invol}")
    open(out, "w").write("\n".join(rows) + "\n")


def switches_of(status_path):
    vol = invol = 0
    try:
        for line in open(status_path):
            if line.startswith("voluntary_ctxt_switches:"):
                vol = int(line.split()[1])
            elif line.startswith("nonvoluntary_ctxt_switches:"):
                invol = int(line.split()[1])
    except OSError:
        pass
    return vol, invol


def switches(*pids):
    vol = invol = 0
    for pid in pids:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            v, i = switches_of(f"/proc/{pid}/task/{tid}/status")
            vol, invol = vol + v, invol + i
    print(vol, invol)


def read(path):
    d = {}
    for line in open(path):
        if line.strip():
            tid, name, ticks, vol, invol = line.rstrip("\n").split("\t")
            d[tid] = (name, int(ticks), int(vol), int(invol))
    return d


def thread_cpu(before, after):
    a, b = read(before), read(after)
    groups = collections.Counter()
    loop_vol = loop_invol = 0
    for tid, (name, ticks, vol, invol) in b.items():
        was = a.get(tid, (name, 0, 0, 0))
        groups[re.sub(r"\d+", "#", name)] += ticks - was[1]
        if name.startswith("vert.x-eventloo"):
            loop_vol, loop_invol = loop_vol + vol - was[2], loop_invol + invol - was[3]
    total = sum(groups.values())
    print(f"  node threads: {total / HZ:.2f} CPU-s in all; " + ", ".join(
        f"{g} {t / HZ:.2f}" for g, t in groups.most_common(8) if t > 0))
    print(f"  node event loops: {loop_vol} voluntary, {loop_invol} involuntary context switches")


def pauses(log, lo, hi):
    lo, hi = int(lo), int(hi)
    sp_n, sp_total, sp_max, gc = 0, 0.0, 0.0, []
    for line in open(log):
        m = re.match(r"\[(\d+)ms\]", line)
        if not m or not lo <= int(m.group(1)) <= hi:
            continue
        t = re.search(r"Total: (\d+) ns", line)
        if t and "Safepoint" in line:
            ms = int(t.group(1)) / 1e6
            sp_n, sp_total, sp_max = sp_n + 1, sp_total + ms, max(sp_max, ms)
        g = re.search(r"\] (?:GC\(\d+\) )?(Pause \w+.*?) (\d+\.\d+)ms$", line.rstrip())
        if g:
            gc.append(float(g.group(2)))
    secs = max(1e-9, (hi - lo) / 1000)
    gc_part = (f"; GC pauses {len(gc)} ({len(gc) / secs:.2f}/s), total {sum(gc):.1f} ms, longest "
               f"{max(gc, default=0):.2f} ms, median {sorted(gc)[len(gc) // 2] if gc else 0:.2f} ms")
    print(f"  node stopped: {sp_n} safepoints, {sp_total:.1f} ms in all ({100 * sp_total / 1000 / secs:.2f} % of "
          f"{secs:.1f} s), longest {sp_max:.2f} ms" + gc_part)


def latency_ms(text):
    m = re.fullmatch(r"([0-9.]+)(us|ms|s)", text.strip())
    if not m:
        raise SystemExit(f"not a wrk latency: {text!r}")
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]


def verdict(rounds_file):
    rounds = []
    for line in open(rounds_file):
        if line.strip():
            ours_rps, ours_p99, nginx_rps, nginx_p99 = line.split()
            rounds.append((float(ours_rps) / float(nginx_rps), latency_ms(ours_p99), latency_ms(nginx_p99)))
    if not rounds:
        raise SystemExit("no rounds")
    n = len(rounds)
    rps_ok = sum(1 for r, _, _ in rounds if r >= 1.0)
    p99_ok = sum(1 for _, o, g in rounds if o <= g)
    both = sum(1 for r, o, g in rounds if r >= 1.0 and o <= g)
    median = statistics.median
    rps_median = median([r for r, _, _ in rounds])
    p99_median = median([o / g for _, o, g in rounds])
    met = rps_median >= 1.0 and p99_median <= 1.0
    print(f"goals over {n} rounds: req/s >= 1.0x nginx in {rps_ok}, p99 no worse in {p99_ok}, both in {both}; "
          f"medians: req/s {rps_median:.3f}x, p99 {p99_median:.3f}x of nginx's "
          f"(ours {median([o for _, o, _ in rounds]):.2f} ms, nginx {median([g for _, _, g in rounds]):.2f} ms)"
          f" -> {'both met' if met else 'not met'} on the medians")


def cpu(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    print((int(fields[11]) + int(fields[12])) / HZ)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"threads": threads, "thread-cpu": thread_cpu, "pauses": pauses, "cpu": cpu, "switches": switches,
     "verdict": verdict}[cmd](*args)
