// The subprotocol names of Kubernetes streaming (k8s.io/apimachinery/pkg/util/remotecommand and
// the kubelet's cri/streaming packages) and upstream's negotiation rule: the first protocol the
// client lists that the server supports wins (client order, not server preference).

/** remotecommand subprotocols (exec/attach). */
export const remoteCommandProtocol = {
  v1: 'channel.k8s.io',
  v2: 'v2.channel.k8s.io',
  v3: 'v3.channel.k8s.io',
  v4: 'v4.channel.k8s.io',
  v5: 'v5.channel.k8s.io',
  base64V1: 'base64.channel.k8s.io',
  base64V4: 'v4.base64.channel.k8s.io',
} as const;

/** The SPDY port-forward subprotocol (X-Stream-Protocol-Version). */
export const portForwardProtocol = 'portforward.k8s.io';
/** The WebSocket subprotocol of SPDY tunnelled in WebSocket messages (kubectl 1.30+ port-forward). */
export const spdyTunnelPortForwardProtocol = 'SPDY/3.1+portforward.k8s.io';

/** Exec/attach over SPDY (X-Stream-Protocol-Version); v5 behaves as v4 there. */
export const spdyRemoteCommandProtocols: readonly string[] = [
  remoteCommandProtocol.v5,
  remoteCommandProtocol.v4,
  remoteCommandProtocol.v3,
  remoteCommandProtocol.v2,
  remoteCommandProtocol.v1,
];

/** Exec/attach over WebSocket; '' is a client that asked for no subprotocol (binary, v1 errors). */
export const webSocketRemoteCommandProtocols: readonly string[] = [
  remoteCommandProtocol.v5,
  remoteCommandProtocol.v4,
  remoteCommandProtocol.base64V4,
  remoteCommandProtocol.v3,
  remoteCommandProtocol.v2,
  remoteCommandProtocol.v1,
  remoteCommandProtocol.base64V1,
  '',
];

/** client-node's WebSocket port-forward channel protocol, as the kubelet offers it. */
export const webSocketPortForwardProtocols: readonly string[] = [
  remoteCommandProtocol.v4,
  remoteCommandProtocol.base64V4,
  '',
];

/** The remotecommand version (1-5) a subprotocol name stands for; '' counts as version 1. */
export function remoteCommandVersion(protocol: string): number {
  const m = /^v(\d)\./.exec(protocol);
  return m ? Number(m[1]) : 1;
}

/** True for the base64 text variants of the channel protocol. */
export function isBase64ChannelProtocol(protocol: string): boolean {
  return protocol.includes('base64.channel.k8s.io');
}

/** The first of `offered` that `supported` contains (client order), or undefined. */
export function negotiateProtocol(
  offered: readonly string[],
  supported: readonly string[],
): string | undefined {
  return offered.find((p) => supported.includes(p));
}

/** Go's `%v` of a string slice, as upstream's negotiation errors print it: `[a b]`. */
export function goStringList(values: readonly string[]): string {
  return `[${values.join(' ')}]`;
}
