// Poster thumbnails (<img data-poster>, views/components/poster.tsx). A poster not rendered yet answers 202 with no
// image, so the <img> fails to load: ask again until the answer is an image (the poster, or the server's "no poster"
// card) and show it. Anything else (the scene was deleted) leaves an empty box.

/** Give up on a poster after this long (a long queue of posters on a busy machine). */
const GIVE_UP_MS = 90_000;

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
      const response = await fetch(src, { credentials: "same-origin", cache: "no-store" }).catch(() => null);
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

// Image errors do not bubble: listen in the capture phase, which also covers rows htmx swaps in later.
document.addEventListener(
  "error",
  (event) => {
    const img = event.target;
    if (img instanceof HTMLImageElement && img.dataset.poster !== undefined) void waitForPoster(img);
  },
  true,
);
