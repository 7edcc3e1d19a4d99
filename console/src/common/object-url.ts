/**
 * An object URL for a Blob or File, made and released by the same effect: a revoked URL can never
 * be left on screen (a cleanup always pairs with the creation it undoes, re-runs included).
 */
import { useEffect, useState } from 'react';

export function useObjectUrl(blob: Blob | undefined): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!blob) return setUrl(undefined);
    const created = URL.createObjectURL(blob);
    setUrl(created);
    return () => URL.revokeObjectURL(created);
  }, [blob]);
  return url;
}
