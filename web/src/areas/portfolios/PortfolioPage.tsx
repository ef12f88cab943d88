export default function PortfolioPage() {
  return (
    <section>
      <h1>PortfolioPage</h1>
    </section>
  );
}
