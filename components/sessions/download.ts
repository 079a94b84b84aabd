/** Saves a Blob as a file through an object URL, the way any web page downloads (no extra permission). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: the download has started reading the Blob by then.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
