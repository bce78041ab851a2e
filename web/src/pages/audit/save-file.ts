import type { DownloadedFile } from '../../api/audit';

/**
 * Hands a downloaded file to the browser's own download, as a link with `download` would. The
 * object URL stays valid for a while: revoking it at once can cancel the download in some browsers.
 */
export function saveFile({ blob, filename }: DownloadedFile): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
