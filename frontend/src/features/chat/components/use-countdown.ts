"use client";

import { useCallback, useEffect, useRef, useState } from "react";

/** Seconds left on a countdown started with `start(seconds)`, ticking once a second. */
export function useCountdown(): [number, (seconds: number) => void] {
  const [left, setLeft] = useState(0);
  const timer = useRef<number | undefined>(undefined);

  const start = useCallback((seconds: number) => {
    // Measured against the clock, not by counting ticks: background tabs throttle timers.
    const until = Date.now() + seconds * 1000;
    window.clearInterval(timer.current);
    setLeft(Math.ceil(seconds));
    timer.current = window.setInterval(() => {
      const remaining = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      setLeft(remaining);
      if (remaining === 0) window.clearInterval(timer.current);
    }, 1000);
  }, []);

  useEffect(() => () => window.clearInterval(timer.current), []);
  return [left, start];
}
