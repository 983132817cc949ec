/** Shown while the listing is fetched from the gateway (streamed; no client JS). */
export default function Loading() {
  return (
    <div className="container" aria-busy="true">
      <p role="status">Loading products…</p>
    </div>
  );
}
