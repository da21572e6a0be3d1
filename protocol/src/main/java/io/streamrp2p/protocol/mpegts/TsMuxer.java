package io.streamrp2p.protocol.mpegts;

import java.util.List;

/**
 * MPEG-2 transport stream muxer (ISO/IEC 13818-1) for one HLS rendition: one program with at most
 * one video stream (H.264 or HEVC, Annex B) and one AAC stream (ADTS). Stateful: continuity
 * counters and parameter sets live across segments. Not thread-safe; one muxer per rendition.
 *
 * <p>Timestamps are 90 kHz ticks on the caller's monotonic timeline and are written modulo 2^33, as
 * the 33-bit fields wrap. The caller cuts segments by calling {@link #startSegment} before the
 * first keyframe of each segment.
 */
public final class TsMuxer {
  public static final int PMT_PID = 0x1000;
  public static final int VIDEO_PID = 0x100;
  public static final int AUDIO_PID = 0x101;

  /**
   * Default bound on one PES payload. An intra frame of a 4K stream at 50 Mbit/s with a one-second
   * coded picture buffer is at most about 6.25 MB; 8 MiB leaves margin and is the bound mediacommon
   * uses (h264.MaxAccessUnitSize), so streams that play through other servers play here.
   */
  public static final int ACCESS_UNIT_BYTES_MAX_DEFAULT = 8 << 20;

  /**
   * Bound on the stored parameter sets. An SPS with VUI and scaling lists is a few hundred bytes
   * and encoders emit one of each kind; 64 KiB is far above anything seen and bounds the copy.
   */
  public static final int PARAMETER_SET_BYTES_MAX = 64 << 10;

  /**
   * PCR is DTS (or, without video, audio PTS) minus this lead, clamped at 0: it claims the bytes
   * arrive 100 ms before they are decoded, which keeps PCR at or below every DTS written after it
   * for streams whose audio and video are interleaved within 100 ms, as RTMP ingest delivers them.
   * PCR appears at least once per PES, so its spacing is below the 100 ms of 2.7.2 for any stream
   * above 10 frames per second.
   */
  static final long PCR_LEAD_90K = 9_000;

  /** Bytes a video PES carries besides the access unit: header with PTS and DTS. */
  private static final int PES_HEADER_BYTES_MAX = PesHeader.length(true);

  private static final byte[] START_CODE = {0, 0, 0, 1};

  public enum VideoCodec {
    NONE(0),
    /** ISO/IEC 13818-1 Table 2-34: AVC video stream. */
    H264(0x1B),
    /** ISO/IEC 13818-1 Table 2-34: HEVC video stream. */
    HEVC(0x24);

    private final int streamType;

    VideoCodec(int streamType) {
      this.streamType = streamType;
    }

    public int streamType() {
      return streamType;
    }
  }

  public enum AudioCodec {
    NONE(0),
    /** ISO/IEC 13818-1 Table 2-34: ISO/IEC 13818-7 audio with ADTS transport syntax. */
    AAC_ADTS(0x0F);

    private final int streamType;

    AudioCodec(int streamType) {
      this.streamType = streamType;
    }

    public int streamType() {
      return streamType;
    }
  }

  /**
   * @param accessUnitBytesMax largest PES payload accepted for one video access unit, Annex B bytes
   *     including the start codes, AUD and parameter sets the muxer inserts
   */
  public record Config(VideoCodec video, AudioCodec audio, int accessUnitBytesMax) {
    public Config {
      if (video == null || audio == null) {
        throw new IllegalArgumentException("codecs must not be null (use NONE)");
      }
      if (video == VideoCodec.NONE && audio == AudioCodec.NONE) {
        throw new IllegalArgumentException("a rendition needs video or audio");
      }
      if (accessUnitBytesMax < 1 || accessUnitBytesMax > ACCESS_UNIT_BYTES_MAX_DEFAULT) {
        throw new IllegalArgumentException(
            "accessUnitBytesMax must be in [1, " + ACCESS_UNIT_BYTES_MAX_DEFAULT + "]");
      }
    }

    public Config(VideoCodec video, AudioCodec audio) {
      this(video, audio, ACCESS_UNIT_BYTES_MAX_DEFAULT);
    }
  }

  private final Config config;
  private final NalSyntax nal;
  private final TsBuffer pes;
  private byte[] parameterSetsAnnexB = new byte[0];
  private boolean segmentStarted;
  private int patCc;
  private int pmtCc;
  private int videoCc;
  private int audioCc;

  public TsMuxer(Config config) {
    if (config == null) {
      throw new IllegalArgumentException("config is null");
    }
    this.config = config;
    this.nal = config.video() == VideoCodec.NONE ? null : NalSyntax.of(config.video());
    int pesBytesMax =
        Math.max(config.accessUnitBytesMax(), PesHeader.PACKET_LENGTH_MAX) + PES_HEADER_BYTES_MAX;
    this.pes = new TsBuffer(Math.min(pesBytesMax, 64 << 10), pesBytesMax);
  }

  public Config config() {
    return config;
  }

  /**
   * Stores the parameter sets inserted before IDR/IRAP access units that do not carry their own:
   * SPS and PPS for H.264, VPS, SPS and PPS for HEVC (at least one of each), as NAL units without
   * start codes. Replaces the previous sets; the bytes are copied.
   */
  public void setParameterSets(List<ByteSlice> parameterSets) {
    requireArgument(nal != null, "no video stream configured");
    requireArgument(parameterSets != null && !parameterSets.isEmpty(), "no parameter sets");
    int total = 0;
    boolean[] seen = new boolean[nal.parameterSetTypes().length];
    for (ByteSlice ps : parameterSets) {
      int kind = nal.parameterSetIndex(nal.type(ps));
      requireArgument(kind >= 0, "not a parameter set: NAL type " + nal.type(ps));
      seen[kind] = true;
      total += START_CODE.length + ps.length();
      requireArgument(total <= PARAMETER_SET_BYTES_MAX, "parameter sets exceed 64 KiB");
    }
    for (boolean s : seen) {
      requireArgument(s, "need one of each of NAL types " + nal.parameterSetNames());
    }
    byte[] annexB = new byte[total];
    int p = 0;
    for (ByteSlice ps : parameterSets) {
      System.arraycopy(START_CODE, 0, annexB, p, START_CODE.length);
      System.arraycopy(ps.array(), ps.offset(), annexB, p + START_CODE.length, ps.length());
      p += START_CODE.length + ps.length();
    }
    parameterSetsAnnexB = annexB;
  }

  /** Writes PAT and PMT, so that each segment can be decoded on its own. */
  public void startSegment(TsBuffer sink) {
    requireSinkRoom(sink, 2);
    Psi.writePat(sink, patCc, PMT_PID);
    patCc = (patCc + 1) & 0x0F;
    int pcrPid = config.video() != VideoCodec.NONE ? VIDEO_PID : AUDIO_PID;
    Psi.writePmt(
        sink,
        pmtCc,
        PMT_PID,
        pcrPid,
        config.video().streamType(),
        VIDEO_PID,
        config.audio().streamType(),
        AUDIO_PID);
    pmtCc = (pmtCc + 1) & 0x0F;
    segmentStarted = true;
  }

  /**
   * Writes one video access unit as one PES in Annex B form: an AUD unless the access unit starts
   * with one, the stored parameter sets before an IDR/IRAP or {@code keyframe} access unit that
   * carries none, then each NAL unit behind a 4-byte start code. The first packet carries PCR and,
   * for keyframes, random_access_indicator.
   *
   * @param nalUnits the access unit's NAL units without start codes or length prefixes
   * @throws IllegalArgumentException when the PES payload would exceed accessUnitBytesMax, when
   *     {@code pts90k < dts90k} or a NAL unit is shorter than its header
   * @throws IllegalStateException before {@link #startSegment}, when parameter sets are needed but
   *     none are known, or when {@code sink} lacks room (then nothing is written)
   */
  public void writeVideo(
      TsBuffer sink, long dts90k, long pts90k, boolean keyframe, List<ByteSlice> nalUnits) {
    requireState(nal != null, "no video stream configured");
    requireState(segmentStarted, "startSegment must come first");
    requireArgument(pts90k >= dts90k, "pts " + pts90k + " before dts " + dts90k);
    requireArgument(nalUnits != null && !nalUnits.isEmpty(), "empty access unit");
    boolean addAud = !nal.isAud(nal.type(nalUnits.get(0)));
    boolean carriesParameterSets = false;
    boolean randomAccessPicture = false;
    long payload = addAud ? nal.aud().length : 0;
    for (ByteSlice unit : nalUnits) {
      int type = nal.type(unit);
      carriesParameterSets |= nal.parameterSetIndex(type) >= 0;
      randomAccessPicture |= nal.isRandomAccess(type);
      payload += START_CODE.length + unit.length();
    }
    boolean addParameterSets = (keyframe || randomAccessPicture) && !carriesParameterSets;
    requireState(
        !addParameterSets || parameterSetsAnnexB.length > 0,
        "keyframe without parameter sets: call setParameterSets first");
    payload += addParameterSets ? parameterSetsAnnexB.length : 0;
    requireArgument(
        payload <= config.accessUnitBytesMax(),
        "access unit of " + payload + " bytes exceeds " + config.accessUnitBytesMax());
    buildVideoPes(dts90k, pts90k, addAud, addParameterSets, nalUnits);
    videoCc = writePes(sink, VIDEO_PID, videoCc, pcrFrom(dts90k), keyframe);
  }

  private void buildVideoPes(
      long dts90k, long pts90k, boolean addAud, boolean addParameterSets, List<ByteSlice> units) {
    pes.clear();
    int at = pes.append(PesHeader.length(PesHeader.carriesDts(pts90k, dts90k)));
    PesHeader.write(pes.array(), at, PesHeader.STREAM_ID_VIDEO, 0, pts90k, dts90k);
    int first = 0;
    if (addAud) {
      pes.write(nal.aud(), 0, nal.aud().length);
    } else {
      writeUnit(units.get(0)); // the access unit's own AUD must stay the first NAL unit
      first = 1;
    }
    if (addParameterSets) {
      pes.write(parameterSetsAnnexB, 0, parameterSetsAnnexB.length);
    }
    for (int i = first; i < units.size(); i++) {
      writeUnit(units.get(i));
    }
  }

  private void writeUnit(ByteSlice unit) {
    pes.write(START_CODE, 0, START_CODE.length);
    pes.write(unit.array(), unit.offset(), unit.length());
  }

  /**
   * Writes ADTS frames (each with its ADTS header) as one PES whose PTS is that of the first frame.
   * Without video, the first packet carries PCR and random_access_indicator, since every AAC frame
   * can start decoding.
   *
   * @throws IllegalArgumentException when a frame is not one whole ADTS frame or the PES would
   *     exceed the 16-bit PES_packet_length, which audio PES must fill in (2.4.3.7)
   * @throws IllegalStateException before {@link #startSegment} or when {@code sink} lacks room
   */
  public void writeAudio(TsBuffer sink, long pts90k, List<ByteSlice> adtsFrames) {
    requireState(config.audio() != AudioCodec.NONE, "no audio stream configured");
    requireState(segmentStarted, "startSegment must come first");
    requireArgument(adtsFrames != null && !adtsFrames.isEmpty(), "no audio frames");
    long payload = 0;
    for (ByteSlice frame : adtsFrames) {
      requireWholeAdtsFrame(frame);
      payload += frame.length();
    }
    long packetLength = payload + PesHeader.length(false) - 6;
    requireArgument(
        packetLength <= PesHeader.PACKET_LENGTH_MAX && payload <= config.accessUnitBytesMax(),
        "audio PES of " + payload + " bytes is too long; write fewer frames per call");
    pes.clear();
    int at = pes.append(PesHeader.length(false));
    PesHeader.write(pes.array(), at, PesHeader.STREAM_ID_AUDIO, (int) packetLength, pts90k, pts90k);
    for (ByteSlice frame : adtsFrames) {
      pes.write(frame.array(), frame.offset(), frame.length());
    }
    boolean audioOnly = config.video() == VideoCodec.NONE;
    long pcr = audioOnly ? pcrFrom(pts90k) : TsPackets.NO_PCR;
    audioCc = writePes(sink, AUDIO_PID, audioCc, pcr, audioOnly);
  }

  private int writePes(TsBuffer sink, int pid, int cc, long pcr, boolean randomAccess) {
    int packets = TsPackets.packetCount(pes.length(), pcr != TsPackets.NO_PCR, randomAccess);
    requireSinkRoom(sink, packets);
    return TsPackets.packetize(sink, pid, cc, pes.array(), pes.length(), pcr, randomAccess);
  }

  private static long pcrFrom(long decodeTime90k) {
    return Math.max(0, decodeTime90k - PCR_LEAD_90K) & PesHeader.TIMESTAMP_MASK;
  }

  /** ISO/IEC 13818-7 6.2 adts_fixed_header/adts_variable_header: syncword and frame_length. */
  private static void requireWholeAdtsFrame(ByteSlice frame) {
    requireArgument(frame.length() >= 7, "ADTS frame shorter than its 7-byte header");
    requireArgument(
        frame.byteAt(0) == 0xFF && (frame.byteAt(1) & 0xF6) == 0xF0,
        "ADTS frame does not start with syncword 0xFFF and layer 00");
    int frameLength = (frame.byteAt(3) & 0x03) << 11 | frame.byteAt(4) << 3 | frame.byteAt(5) >>> 5;
    requireArgument(
        frameLength == frame.length(),
        "ADTS frame_length " + frameLength + " differs from slice length " + frame.length());
  }

  private static void requireSinkRoom(TsBuffer sink, int packets) {
    requireArgument(sink != null, "sink is null");
    long needed = (long) packets * TsPackets.PACKET_BYTES;
    requireState(
        sink.length() + needed <= sink.bytesMax(),
        "sink lacks room for " + needed + " bytes; drain or enlarge it");
  }

  private static void requireArgument(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  private static void requireState(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }
}
