import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  type RefCallback,
  type RefObject,
} from "react";
import type { Point } from "./networkLayout.js";

// Zoom and pan of a drawing in its scrolling frame. Zooming resizes the drawing (the frame's
// scrollbars, arrow keys and touch scrolling then pan it natively); a dragged mouse or the wheel
// and a pinch zoom about the pointer. `scale` is screen pixels per drawing unit, undefined while
// the drawing is fitted to its frame.

export const ZOOM_STEP = 1.25;
export const MAX_SCALE = 3;
/** Dragging less than this is a click. */
const DRAG_SLOP = 4;

/** A drawing point to bring under a screen point once the new scale is drawn. */
interface Anchor {
  at: Point;
  client: Point;
}

export interface ZoomPan {
  /** For the frame element: a callback, so the wheel listener follows the element as it mounts. */
  frameRef: RefCallback<HTMLDivElement>;
  svgRef: RefObject<SVGSVGElement | null>;
  scale: number | undefined;
  /** The scale the drawing would have fitted to its frame (last measured). */
  fittedScale: () => number;
  zoomIn: () => void;
  zoomOut: () => void;
  fit: () => void;
  /** Centres the frame on a drawing point, zoomed in to at least `minScale`. */
  centreOn: (at: Point, minScale: number) => void;
  panning: boolean;
  frameHandlers: {
    onPointerDown: (e: PointerEvent<HTMLDivElement>) => void;
    onPointerMove: (e: PointerEvent<HTMLDivElement>) => void;
    onPointerUp: (e: PointerEvent<HTMLDivElement>) => void;
    onPointerCancel: (e: PointerEvent<HTMLDivElement>) => void;
    onClickCapture: (e: MouseEvent<HTMLDivElement>) => void;
    onKeyDown: (e: KeyboardEvent<HTMLDivElement>) => void;
  };
}

export function useZoomPan(): ZoomPan {
  const frameRef = useRef<HTMLDivElement>(null);
  const [frameElement, setFrameElement] = useState<HTMLDivElement | null>(null);
  const attachFrame = useCallback((el: HTMLDivElement | null) => {
    frameRef.current = el;
    setFrameElement(el);
  }, []);
  const svgRef = useRef<SVGSVGElement>(null);
  // The tick makes a centring at an unchanged scale still run the layout effect.
  const [state, setState] = useState<{ scale: number | undefined; tick: number }>({ scale: undefined, tick: 0 });
  const anchor = useRef<Anchor>(undefined);
  const committed = useRef<number | undefined>(undefined);
  const fitted = useRef(1);

  /** Screen pixels per drawing unit as drawn now; remembered as the fitted scale while fitted. */
  const drawnScale = useCallback(() => {
    const a = svgRef.current?.getScreenCTM()?.a ?? 1;
    if (committed.current === undefined) fitted.current = a;
    return a;
  }, []);

  const zoomTo = useCallback(
    (next: number | undefined, at?: { client: Point } | { drawing: Point }) => {
      const svg = svgRef.current;
      const frame = frameRef.current;
      if (!svg || !frame) return;
      drawnScale();
      const box = frame.getBoundingClientRect();
      const centre = { x: box.left + frame.clientWidth / 2, y: box.top + frame.clientHeight / 2 };
      const ctm = svg.getScreenCTM();
      if (!ctm) return;
      let point: Point;
      let client: Point;
      if (at && "drawing" in at) {
        point = at.drawing;
        client = centre;
      } else {
        client = at?.client ?? centre;
        point = new DOMPoint(client.x, client.y).matrixTransform(ctm.inverse());
      }
      const scale = next === undefined || next <= fitted.current * 1.001 ? undefined : Math.min(next, MAX_SCALE);
      if (scale === committed.current && !(at && "drawing" in at)) return;
      anchor.current = scale === undefined ? undefined : { at: point, client };
      setState((s) => ({ scale, tick: s.tick + 1 }));
    },
    [drawnScale],
  );

  useLayoutEffect(() => {
    committed.current = state.scale;
    const svg = svgRef.current;
    const frame = frameRef.current;
    const a = anchor.current;
    anchor.current = undefined;
    if (!svg || !frame || !a) return;
    const ctm = svg.getScreenCTM();
    if (!ctm) return;
    const now = new DOMPoint(a.at.x, a.at.y).matrixTransform(ctm);
    frame.scrollLeft += now.x - a.client.x;
    frame.scrollTop += now.y - a.client.y;
  }, [state]);

  const current = () => committed.current ?? drawnScale();
  const zoomIn = () => zoomTo(current() * ZOOM_STEP);
  const zoomOut = () => zoomTo(current() / ZOOM_STEP);
  const fit = () => zoomTo(undefined);
  const centreOn = (at: Point, minScale: number) => {
    frameRef.current?.scrollIntoView({ block: "nearest" });
    zoomTo(Math.max(current(), minScale), { drawing: at });
  };

  // The wheel zooms about the pointer, a frame's worth of wheel events at a time. React's wheel
  // listener is passive, so the page would scroll as well: this one is not.
  const wheel = useRef<{ delta: number; client: Point; frame: number } | undefined>(undefined);
  useEffect(() => {
    const frame = frameElement;
    if (!frame) return;
    const onWheel = (e: WheelEvent) => {
      const delta = e.deltaY * (e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1);
      // Zoomed all the way out, scrolling down is left to the page.
      if (delta > 0 && committed.current === undefined) return;
      e.preventDefault();
      const client = { x: e.clientX, y: e.clientY };
      if (wheel.current) {
        wheel.current.delta += delta;
        wheel.current.client = client;
        return;
      }
      wheel.current = {
        delta,
        client,
        frame: requestAnimationFrame(() => {
          const w = wheel.current!;
          wheel.current = undefined;
          zoomTo(current() * Math.exp(-w.delta * 0.002), { client: w.client });
        }),
      };
    };
    frame.addEventListener("wheel", onWheel, { passive: false });
    return () => {
      frame.removeEventListener("wheel", onWheel);
      if (wheel.current) cancelAnimationFrame(wheel.current.frame);
      wheel.current = undefined;
    };
    // zoomTo and current read refs only: the listener is attached once per frame element.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [zoomTo, frameElement]);

  // A mouse drags the drawing; two fingers pinch it (one finger scrolls the frame natively).
  const drag = useRef<{ id: number; start: Point; scroll: Point; moved: boolean } | undefined>(undefined);
  const touches = useRef(new Map<number, Point>());
  const pinch = useRef<{ distance: number; scale: number } | undefined>(undefined);
  const swallowClick = useRef(false);
  const [panning, setPanning] = useState(false);
  const spread = () => {
    const [a, b] = [...touches.current.values()];
    return { distance: Math.hypot(a.x - b.x, a.y - b.y), mid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } };
  };
  const endPointer = (e: PointerEvent<HTMLDivElement>) => {
    touches.current.delete(e.pointerId);
    if (touches.current.size < 2) pinch.current = undefined;
    if (drag.current?.id !== e.pointerId) return;
    if (drag.current.moved) swallowClick.current = true;
    drag.current = undefined;
    setPanning(false);
  };

  const frameHandlers: ZoomPan["frameHandlers"] = {
    onPointerDown: (e) => {
      if (e.pointerType === "touch") {
        touches.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
        if (touches.current.size === 2) pinch.current = { distance: spread().distance, scale: current() };
        return;
      }
      if (e.button !== 0) return;
      const frame = e.currentTarget;
      swallowClick.current = false;
      drag.current = { id: e.pointerId, start: { x: e.clientX, y: e.clientY }, scroll: { x: frame.scrollLeft, y: frame.scrollTop }, moved: false };
    },
    onPointerMove: (e) => {
      if (e.pointerType === "touch") {
        if (!touches.current.has(e.pointerId)) return;
        touches.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
        const p = pinch.current;
        if (p && touches.current.size === 2) {
          const { distance, mid } = spread();
          zoomTo((p.scale * distance) / Math.max(p.distance, 1), { client: mid });
        }
        return;
      }
      const d = drag.current;
      if (!d || d.id !== e.pointerId) return;
      const dx = e.clientX - d.start.x;
      const dy = e.clientY - d.start.y;
      if (!d.moved && Math.hypot(dx, dy) < DRAG_SLOP) return;
      if (!d.moved) {
        // Captured only once it is a drag: a capture from the start would send a node's click to the frame.
        d.moved = true;
        e.currentTarget.setPointerCapture(e.pointerId);
        setPanning(true);
      }
      e.currentTarget.scrollLeft = d.scroll.x - dx;
      e.currentTarget.scrollTop = d.scroll.y - dy;
    },
    onPointerUp: endPointer,
    onPointerCancel: endPointer,
    onClickCapture: (e) => {
      if (!swallowClick.current) return;
      // The click that ends a drag is not a click on what the drag started on.
      swallowClick.current = false;
      e.stopPropagation();
      e.preventDefault();
    },
    onKeyDown: (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const action = e.key === "+" || e.key === "=" ? zoomIn : e.key === "-" || e.key === "_" ? zoomOut : e.key === "0" ? fit : undefined;
      if (!action) return;
      e.preventDefault();
      action();
    },
  };

  return { frameRef: attachFrame, svgRef, scale: state.scale, fittedScale: () => fitted.current, zoomIn, zoomOut, fit, centreOn, panning, frameHandlers };
}
