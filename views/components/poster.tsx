// A scene's poster thumbnail (the still at its middle frame, src/export/posters.ts) in a fixed 16:9 box; other
// aspect ratios are letterboxed. Without a stored artifact there is nothing to render: an empty box says so. The
// image is decorative next to the scene's name (alt=""), its title names the frame.
import { posterFrame, posterUrl, type PosterSubject } from "../../src/export/poster-key.ts";

export function Poster({ subject, name }: { subject: PosterSubject; name: string }) {
  const src = posterUrl(subject);
  if (!src) return <span class="poster poster-none" title="No stored JS yet: no poster" />;
  // A poster still rendering answers 202: src/client/posters.ts waits for it and then shows it.
  return (
    <span class="poster">
      <img src={src} alt="" title={`${name}, frame ${posterFrame(subject.durationInFrames)}`} width="80" height="45"
           loading="lazy" decoding="async" data-poster="" />
    </span>
  );
}
