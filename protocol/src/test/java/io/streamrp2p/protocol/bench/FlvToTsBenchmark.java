package io.streamrp2p.protocol.bench;

import io.streamrp2p.protocol.codec.NalUnit;
import io.streamrp2p.protocol.codec.Nalus;
import io.streamrp2p.protocol.codec.aac.Adts;
import io.streamrp2p.protocol.codec.aac.AudioSpecificConfig;
import io.streamrp2p.protocol.codec.avc.AvcDecoderConfigurationRecord;
import io.streamrp2p.protocol.flv.AudioTagHeader;
import io.streamrp2p.protocol.flv.FlvTag;
import io.streamrp2p.protocol.flv.VideoTagHeader;
import io.streamrp2p.protocol.mpegts.ByteSlice;
import io.streamrp2p.protocol.mpegts.TsBuffer;
import io.streamrp2p.protocol.mpegts.TsMuxer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * HLS packaging: the fixture's H.264/AAC tags, as the hub receives them from a publisher, through
 * tag header decoding, AVCC to NAL unit splitting (Nalus), ADTS framing and TsMuxer into a
 * TsBuffer, with a new segment (PAT/PMT) at every keyframe. One AAC frame per audio PES, as a
 * low-latency packager writes them.
 *
 * <p>Throughput in MB/s of input is the {@code inputBytes} counter (tag body bytes/s) divided by
 * 10^6.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FlvToTsBenchmark {
  /** Largest raw AAC frame ADTS can frame (13-bit aac_frame_length, header included). */
  private static final int ADTS_FRAME_BYTES_MAX = Adts.FRAME_BYTES_MAX;

  private List<FlvTag> tags;
  private long inputBytes;
  private TsMuxer muxer;
  private TsBuffer segment;
  private final byte[] adtsFrame = new byte[ADTS_FRAME_BYTES_MAX];
  private AudioSpecificConfig audioConfig;
  private int nalLengthSize;

  /** Bytes of the segments finished during the current pass. */
  private long segmentBytes;

  /** Tag body bytes in and transport stream bytes out, reported by JMH as rates (bytes/s). */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counters {
    public long inputBytes;
    public long outputBytes;

    @Setup(Level.Iteration)
    public void reset() {
      inputBytes = 0;
      outputBytes = 0;
    }
  }

  @Setup
  public void readFixture() {
    tags = FixtureTags.read();
    inputBytes = FixtureTags.bodyBytes(tags);
    muxer = new TsMuxer(new TsMuxer.Config(TsMuxer.VideoCodec.H264, TsMuxer.AudioCodec.AAC_ADTS));
    // A 10 s fixture at about 110 kbit/s; 4 MiB holds any of its segments.
    segment = new TsBuffer(4 << 20, 4 << 20);
  }

  /** The whole fixture, tag by tag, as a live packager would see it. */
  @Benchmark
  public void mux(Counters counters, Blackhole sink) {
    segmentBytes = 0;
    segment.clear();
    muxer.startSegment(segment);
    for (FlvTag tag : tags) {
      if (tag.isVideo()) {
        video(tag, sink);
      } else if (tag.isAudio()) {
        audio(tag);
      }
    }
    finishSegment(sink);
    counters.inputBytes += inputBytes;
    counters.outputBytes += segmentBytes;
  }

  /** Where a real packager hands the segment on; the buffer is then reused. */
  private void finishSegment(Blackhole sink) {
    sink.consume(segment.array());
    segmentBytes += segment.length();
    segment.clear();
  }

  private void video(FlvTag tag, Blackhole sink) {
    byte[] body = tag.body();
    VideoTagHeader header = VideoTagHeader.decode(body);
    int payload = header.headerLength();
    if (header.isSequenceHeader()) {
      AvcDecoderConfigurationRecord record =
          AvcDecoderConfigurationRecord.parse(body, payload, body.length - payload);
      nalLengthSize = record.lengthSize();
      List<ByteSlice> sets = new ArrayList<>();
      record.sps().forEach(sps -> sets.add(ByteSlice.of(sps)));
      record.pps().forEach(pps -> sets.add(ByteSlice.of(pps)));
      muxer.setParameterSets(sets);
      return;
    }
    if (!header.isCodedFrames()) {
      return;
    }
    List<NalUnit> nalUnits =
        Nalus.splitLengthPrefixed(body, payload, body.length - payload, nalLengthSize);
    List<ByteSlice> slices = new ArrayList<>(nalUnits.size());
    for (NalUnit nal : nalUnits) {
      slices.add(new ByteSlice(nal.buffer(), nal.offset(), nal.length()));
    }
    if (header.isKeyFrame()) {
      finishSegment(sink);
      muxer.startSegment(segment);
    }
    long dts = tag.timestamp() * 90;
    long pts = (tag.timestamp() + header.compositionTime()) * 90;
    muxer.writeVideo(segment, dts, pts, header.isKeyFrame(), slices);
  }

  private void audio(FlvTag tag) {
    byte[] body = tag.body();
    AudioTagHeader header = AudioTagHeader.decode(body);
    int payload = header.headerLength();
    int raw = body.length - payload;
    if (header.isSequenceHeader()) {
      audioConfig = AudioSpecificConfig.parse(body, payload, raw);
      return;
    }
    Adts.writeHeader(audioConfig, raw, adtsFrame, 0);
    System.arraycopy(body, payload, adtsFrame, Adts.HEADER_BYTES, raw);
    ByteSlice frame = new ByteSlice(adtsFrame, 0, Adts.HEADER_BYTES + raw);
    muxer.writeAudio(segment, tag.timestamp() * 90, List.of(frame));
  }
}
