export default function StockPage() {
  return (
    <section>
      <h1>StockPage</h1>
    </section>
  );
}
