export default function StocksPage() {
  return (
    <section>
      <h1>StocksPage</h1>
    </section>
  );
}
