export default function JournalPage() {
  return (
    <section>
      <h1>JournalPage</h1>
    </section>
  );
}
