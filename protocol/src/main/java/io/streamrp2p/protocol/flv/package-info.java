/**
 * FLV container: the file header, tags and the audio/video tag headers inside tag bodies.
 *
 * <p>Implements Adobe "Video File Format Specification" v10.1, Annex E (E.2 header, E.3 body, E.4
 * tags) and, for codecs signalled by FourCC, the veovera "Enhanced RTMP" specification
 * (ExVideoTagHeader, v1; ExAudioTagHeader from v2, parsed minimally). Script data (onMetaData)
 * bodies are carried as opaque bytes; AMF0 decoding lives in {@code io.streamrp2p.protocol.amf}.
 *
 * <p>Malformed input raises {@link io.streamrp2p.protocol.ProtocolException} with layer {@code
 * "flv"}; caller misuse raises {@link IllegalArgumentException}.
 */
package io.streamrp2p.protocol.flv;
