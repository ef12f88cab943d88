export default function HouseholdPage() {
  return (
    <section>
      <h1>HouseholdPage</h1>
    </section>
  );
}
