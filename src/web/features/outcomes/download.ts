/**
 * Starts a real download of `href` (same origin) saved as `fileName`: a temporary `<a download>` clicked from script,
 * so the browser streams the bytes to disk instead of the page holding them in memory.
 */
export function startDownload(href: string, fileName?: string): void {
  const link = document.createElement("a");
  link.href = href;
  link.download = fileName ?? "";
  link.rel = "noopener";
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
}
