package io.ddc.protocol.auth;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The exact bytes a client signed, cut out of a message as received (node-protocol.md §6.1).
 *
 * <p>The client signs a message encoded without its signature field. Because protobuf-ts writes
 * fields in ascending order, that is the received bytes minus the signature entry; removing the
 * entry wherever it appears (instead of re-encoding a parsed message) keeps unknown fields and
 * non-canonical encodings exactly as the client signed them.
 */
public final class SignedBytes {
  private SignedBytes() {}

  /** The signature field of {@code activity_report.ActivityRequest}. */
  public static final int ACTIVITY_REQUEST_SIGNATURE = 10;

  /** The signature field of {@code activity_report.ActivityAcknowledgment}. */
  public static final int ACK_SIGNATURE = 4;

  /** The signature field of {@code cns.Record}. */
  public static final int CNS_RECORD_SIGNATURE = 1;

  /**
   * {@code message} with every entry of {@code field} removed, other entries byte for byte.
   *
   * @throws InvalidMessageException when {@code message} is not valid protobuf wire format
   */
  public static byte[] withoutField(byte[] message, int field) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(message.length);
    CodedInputStream in = CodedInputStream.newInstance(message);
    try {
      while (!in.isAtEnd()) {
        int start = in.getTotalBytesRead();
        int tag = in.readTag();
        if (tag == 0 || !in.skipField(tag)) {
          throw new InvalidMessageException("bad protobuf tag at byte " + start);
        }
        int end = in.getTotalBytesRead();
        if (WireFormat.getTagFieldNumber(tag) != field) {
          out.write(message, start, end - start);
        }
      }
    } catch (IOException e) {
      throw new InvalidMessageException("truncated or malformed protobuf: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /**
   * The raw bytes of the last length-delimited entry of {@code field}, or null when absent.
   *
   * @throws InvalidMessageException when {@code message} is not valid protobuf wire format
   */
  public static byte[] rawField(byte[] message, int field) {
    CodedInputStream in = CodedInputStream.newInstance(message);
    byte[] found = null;
    try {
      while (!in.isAtEnd()) {
        int tag = in.readTag();
        if (tag == 0) {
          throw new InvalidMessageException("bad protobuf tag");
        }
        if (WireFormat.getTagFieldNumber(tag) == field
            && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          found = in.readByteArray();
        } else if (!in.skipField(tag)) {
          throw new InvalidMessageException("unexpected end-group tag");
        }
      }
    } catch (IOException e) {
      throw new InvalidMessageException("truncated or malformed protobuf: " + e.getMessage(), e);
    }
    return found;
  }
}
