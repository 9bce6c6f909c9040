// Runs in the sandboxed preview frame before any scene code: removes the WebRTC API, the one network
// path `connect-src 'none'` does not cover (ICE/STUN/TURN go out over UDP). CSP's `webrtc 'block'` is
// not understood by the Chromium we run, so removing the constructors is the block. A fresh realm
// (an about:blank iframe) is no way around it: the opaque-origin sandbox denies access to its window.

const WEBRTC_GLOBALS = [
  "RTCPeerConnection",
  "webkitRTCPeerConnection",
  "RTCDataChannel",
  "RTCRtpSender",
  "RTCRtpReceiver",
  "RTCRtpTransceiver",
  "RTCIceCandidate",
  "RTCSessionDescription",
  "RTCDtlsTransport",
  "RTCIceTransport",
  "RTCSctpTransport",
  "RTCCertificate",
] as const;

/** Deletes (or, if not configurable, shadows with a non-writable undefined) each WebRTC global. */
export function disableWebRtc(scope: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): void {
  for (const name of WEBRTC_GLOBALS) {
    if (!(name in scope)) continue;
    try {
      delete scope[name];
    } catch {
      // fall through to the shadowing below
    }
    if (name in scope) Object.defineProperty(scope, name, { value: undefined, writable: false, configurable: false });
    else Object.defineProperty(scope, name, { value: undefined, writable: false, configurable: false, enumerable: false });
  }
}

disableWebRtc();
