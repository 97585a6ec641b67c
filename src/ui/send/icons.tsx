// Transport icons as SVG: the media-control characters (⏮ ⏸) are missing from many fonts.
import type { ReactNode } from 'react';

const Svg = ({ children }: { children: ReactNode }) => (
  <svg width={14} height={14} viewBox="0 0 14 14" fill="currentColor" aria-hidden="true">
    {children}
  </svg>
);

export const IconRestart = () => (
  <Svg>
    <rect x="1.5" y="2" width="2" height="10" />
    <path d="M12.5 2v10L4.5 7z" />
  </Svg>
);
export const IconBack = () => (
  <Svg>
    <path d="M9.5 2v10L2.5 7z" />
    <rect x="10.5" y="2" width="2" height="10" />
  </Svg>
);
export const IconForward = () => (
  <Svg>
    <rect x="1.5" y="2" width="2" height="10" />
    <path d="M4.5 2v10l7-5z" />
  </Svg>
);
export const IconPlay = () => (
  <Svg>
    <path d="M3 1.5v11l9-5.5z" />
  </Svg>
);
export const IconPause = () => (
  <Svg>
    <rect x="2.5" y="2" width="3.2" height="10" />
    <rect x="8.3" y="2" width="3.2" height="10" />
  </Svg>
);
/** A clock face: the simulated time and waiting (⏱ is missing from many fonts too). */
export const IconClock = () => (
  <Svg>
    <circle cx="7" cy="7" r="5.6" fill="none" stroke="currentColor" strokeWidth="1.6" />
    <path d="M6.2 3.4h1.6v3.3l2.3 1.4-.8 1.3-3.1-1.9z" />
  </Svg>
);
