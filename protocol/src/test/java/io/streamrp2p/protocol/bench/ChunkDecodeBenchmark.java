package io.streamrp2p.protocol.bench;

import io.streamrp2p.protocol.flv.FlvTag;
import io.streamrp2p.protocol.rtmp.chunk.ChunkDecoder;
import io.streamrp2p.protocol.rtmp.chunk.ChunkEncoder;
import io.streamrp2p.protocol.rtmp.chunk.RawMessage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * RTMP ingest: chunk decoding plus message reassembly (ChunkDecoder) of a publisher's stream. The
 * stream is the fixture's tags sent as RTMP messages the way ffmpeg and OBS send them (audio on
 * chunk stream 4, video on 6, data on 5, message stream 1, in file order so audio and video
 * interleave), repeated to about 10 MB so one pass is long against the timer.
 *
 * <p>Throughput in MB/s is the {@code wireBytes} counter (bytes/s) divided by 10^6.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ChunkDecodeBenchmark {
  /** Repetitions of the 141 KB fixture: about 10 MB of chunk stream. */
  private static final int REPEATS = 70;

  /** The fixture spans 10 s; each repetition continues the timeline after the previous one. */
  private static final long REPEAT_MILLIS = 10_000;

  /** 128: the RTMP default, used until Set Chunk Size; 4096: what ffmpeg and OBS switch to. */
  @Param({"128", "4096"})
  public int chunkSize;

  private byte[] wire;

  /** Bytes decoded, reported by JMH as a rate (bytes/s). */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counters {
    public long wireBytes;

    @Setup(Level.Iteration)
    public void reset() {
      wireBytes = 0;
    }
  }

  @Setup
  public void encodeStream() {
    List<FlvTag> tags = FixtureTags.read();
    ChunkEncoder encoder = new ChunkEncoder();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (chunkSize != ChunkDecoder.DEFAULT_CHUNK_SIZE) {
      byte[] size = ByteBuffer.allocate(4).putInt(chunkSize).array();
      out.writeBytes(encoder.encode(new RawMessage(2, 1, 0, 0, size)));
      encoder.setChunkSize(chunkSize);
    }
    for (int r = 0; r < REPEATS; r++) {
      for (FlvTag tag : tags) {
        int csid = tag.isAudio() ? 4 : tag.isVideo() ? 6 : 5;
        long timestamp = tag.timestamp() + r * REPEAT_MILLIS;
        out.writeBytes(
            encoder.encode(new RawMessage(csid, tag.tagType(), timestamp, 1, tag.body())));
      }
    }
    wire = out.toByteArray();
  }

  /** One connection's worth of stream: a fresh decoder over the whole buffer. */
  @Benchmark
  public void decode(Counters counters, Blackhole sink) {
    ChunkDecoder decoder = new ChunkDecoder();
    ByteBuffer in = ByteBuffer.wrap(wire);
    for (RawMessage m = decoder.poll(in); m != null; m = decoder.poll(in)) {
      sink.consume(m);
    }
    counters.wireBytes += wire.length;
  }
}
