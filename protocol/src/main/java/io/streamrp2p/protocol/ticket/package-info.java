/**
 * Ed25519 credentials between hub, friend nodes and viewers: the hub-signed viewer ticket that lets
 * a node serve a viewer the hub sent it ({@link io.streamrp2p.protocol.ticket.TicketSigner}, {@link
 * io.streamrp2p.protocol.ticket.TicketVerifier}), and the bytes a node signs to prove it holds its
 * private key ({@link io.streamrp2p.protocol.ticket.NodeProof}).
 *
 * <p>Every signature covers an ASCII domain prefix ending in a NUL byte before the data, so a
 * signature made for one purpose never verifies for another. The formats are in docs/protocol.md,
 * "Viewer tickets and node proofs". Pure JDK (java.security's built-in Ed25519, JDK 15+): no I/O,
 * no logging. A bad ticket from a viewer is a {@link
 * io.streamrp2p.protocol.ticket.TicketVerdict.Refusal}, never an exception; caller misuse is an
 * {@link IllegalArgumentException}.
 */
package io.streamrp2p.protocol.ticket;
