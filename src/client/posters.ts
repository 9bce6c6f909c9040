// Poster thumbnails (<img data-poster>, views/components/poster.tsx). A poster not rendered yet answers 202 with no
// image, so the <img> fails to load: ask again until the answer is an image (the poster, or the server's "no poster"
// card) and show it. Anything else (the scene was deleted) leaves an empty box.

/** Give up on a poster after this long: longer than a full queue (120 posters at 1–2 s) on a busy machine. */
const GIVE_UP_MS = 5 * 60_000;

async function waitForPoster(img: HTMLImageElement): Promise<void> {
  if (img.dataset.posterWaiting) return;
  img.dataset.posterWaiting = "true";
  const box = img.closest(".poster");
  // Before any await: the broken-image icon must not show while the poster renders.
  box?.classList.add("poster-pending");
  const src = img.src;
  const started = Date.now();
  let delay = 600;
  try {
    while (img.isConnected && Date.now() - started < GIVE_UP_MS) {
      // HEAD: the answer's status is all this needs (the <img> downloads the poster itself).
      const response = await fetch(src, { method: "HEAD", credentials: "same-origin", cache: "no-store" }).catch(() => null);
      if (response?.status === 200) {
        // A new URL makes the <img> load again (the server ignores the extra parameter); shown once decoded.
        img.src = `${src}&shown=${Date.now()}`;
        await img.decode().catch(() => {});
        return;
      }
      if (response && response.status !== 202) break;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 1.5, 4000);
    }
    box?.classList.add("poster-none");
    img.remove();
  } finally {
    box?.classList.remove("poster-pending");
  }
}

const isPoster = (target: EventTarget | null): target is HTMLImageElement =>
  target instanceof HTMLImageElement && target.dataset.poster !== undefined;

// Image errors do not bubble: listen in the capture phase, which also covers rows htmx swaps in later.
document.addEventListener(
  "error",
  (event) => {
    if (isPoster(event.target)) void waitForPoster(event.target);
  },
  true,
);

// This script is deferred: a poster whose 202 arrived before it ran has already failed, unseen by the listener.
for (const img of document.querySelectorAll("img[data-poster]")) {
  if (isPoster(img) && img.complete && img.naturalWidth === 0) void waitForPoster(img);
}
