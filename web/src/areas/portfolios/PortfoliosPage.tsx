export default function PortfoliosPage() {
  return (
    <section>
      <h1>PortfoliosPage</h1>
    </section>
  );
}
