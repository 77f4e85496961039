import { useEffect, useState } from "react";
import { forgetKey, openSession, storedKey, type Session } from "../api/session.js";
import { SignInPage } from "../pages/SignInPage.js";
import { OffersPage } from "../pages/OffersPage.js";
import { OfferEditorPage } from "../pages/OfferEditorPage.js";
import { SimulatePage } from "../pages/SimulatePage.js";
import { LibraryTransferPage } from "../pages/LibraryTransferPage.js";
import { ReportsPage } from "../pages/ReportsPage.js";
import { BatchJobsPage } from "../pages/BatchJobsPage.js";
import { ResourceEditorPage } from "../pages/ResourceEditorPage.js";
import { ResourceListPage } from "../pages/ResourceListPage.js";
import { resourceKind } from "../resources/resource-kinds.js";
import { useHashRoute } from "./use-hash-route.js";
import { NavBar } from "./NavBar.js";

export function App() {
  const [session, setSession] = useState<Session | undefined>();
  const [restoring, setRestoring] = useState(() => storedKey() !== undefined);
  const route = useHashRoute();

  useEffect(() => {
    const key = storedKey();
    if (key === undefined) return;
    openSession(key)
      .then(setSession)
      .catch(() => forgetKey())
      .finally(() => setRestoring(false));
  }, []);

  if (restoring) return <p role="status">Signing in…</p>;
  if (!session) return <SignInPage onSignedIn={setSession} />;

  const signOut = (): void => {
    forgetKey();
    setSession(undefined);
  };
  const [section = "offers", id] = route;
  const kind = resourceKind(section);
  return (
    <>
      <NavBar section={section} canWrite={session.canWrite} onSignOut={signOut} />
      <main id="main">
        {section === "simulate" ? (
          <SimulatePage session={session} />
        ) : section === "library" ? (
          <LibraryTransferPage session={session} />
        ) : section === "reports" ? (
          <ReportsPage session={session} />
        ) : section === "batch" ? (
          <BatchJobsPage session={session} />
        ) : kind && id !== undefined ? (
          <ResourceEditorPage
            key={`${section}/${id}`}
            session={session}
            kind={kind}
            id={id === "new" ? undefined : id}
          />
        ) : kind ? (
          <ResourceListPage key={section} session={session} kind={kind} />
        ) : section === "offers" && id !== undefined ? (
          <OfferEditorPage key={id} session={session} offerId={id === "new" ? undefined : id} />
        ) : (
          <OffersPage session={session} />
        )}
      </main>
    </>
  );
}
