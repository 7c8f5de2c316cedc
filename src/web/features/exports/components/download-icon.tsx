/** An arrow into a tray: the downloads' icon, decorative (the button's text names it). */
export function DownloadIcon() {
  return (
    <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor">
      <path d="M8 2v8m-3.5-3.5L8 10l3.5-3.5" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M2.5 11v2.5h11V11" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
