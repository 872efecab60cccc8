// QrCode: a QR code drawn as inline SVG, made in the browser (uqr), so the join link never leaves the room to become a picture.
'use client';

import { useMemo } from 'react';
import { encode } from 'uqr';

/** Light modules around the code (in modules): the QR spec's quiet zone, kept white also in a dark theme so phones can read it. */
const QUIET_ZONE_MODULES = 4;

export function QrCode({ text, label, size }: { text: string; label: string; size: number }) {
  const { path, modules } = useMemo(() => {
    const qr = encode(text, { ecc: 'M', border: QUIET_ZONE_MODULES });
    let d = '';
    qr.data.forEach((row, y) => row.forEach((dark, x) => dark && (d += `M${x} ${y}h1v1h-1z`)));
    return { path: d, modules: qr.data.length };
  }, [text]);
  return (
    <svg role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${modules} ${modules}`} shapeRendering="crispEdges" data-testid="join-qr">
      <rect width={modules} height={modules} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
