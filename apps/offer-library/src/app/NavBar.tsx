interface NavBarProps {
  section: string;
  canWrite: boolean;
  onSignOut: () => void;
}

const LINKS = [
  { section: "offers", href: "#/offers", label: "Offers" },
  { section: "placements", href: "#/placements", label: "Placements" },
  { section: "collections", href: "#/collections", label: "Collections" },
  { section: "rules", href: "#/rules", label: "Rules" },
  { section: "ranking-formulas", href: "#/ranking-formulas", label: "Formulas" },
  { section: "decision-configs", href: "#/decision-configs", label: "Decisions" },
  { section: "simulate", href: "#/simulate", label: "Simulate" },
  { section: "reports", href: "#/reports", label: "Reports" },
  { section: "batch", href: "#/batch", label: "Batch jobs" },
  { section: "library", href: "#/library", label: "Export / import" },
];

export function NavBar({ section, canWrite, onSignOut }: NavBarProps) {
  return (
    <header className="top">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <span className="brand">offerkit · Offer Library</span>
      <nav aria-label="Main">
        <ul>
          {LINKS.map((link) => (
            <li key={link.section}>
              <a href={link.href} aria-current={section === link.section ? "page" : undefined}>
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <span className="role" data-testid="role">
        {canWrite ? "Editor" : "Read-only"}
      </span>
      <button type="button" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}
