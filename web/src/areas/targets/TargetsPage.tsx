export default function TargetsPage() {
  return (
    <section>
      <h1>TargetsPage</h1>
    </section>
  );
}
