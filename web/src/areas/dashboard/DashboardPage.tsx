export default function DashboardPage() {
  return (
    <section>
      <h1>DashboardPage</h1>
    </section>
  );
}
