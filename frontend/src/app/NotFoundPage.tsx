import { Link } from "react-router-dom";
import { usePageTitle } from "../ui/usePageTitle.js";

export function NotFoundPage() {
  usePageTitle("Page not found");
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. Go back to the <Link to="/">overview</Link>.
      </p>
    </section>
  );
}
