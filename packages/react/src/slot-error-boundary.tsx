import { Component, type ReactNode } from "react";

interface Props {
  fallback: ReactNode;
  children: ReactNode;
}

/** A slot never throws into the host tree: whatever fails inside it renders the host's fallback. */
export class SlotErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    return this.state.failed ? (
      <div data-offerkit-slot="" data-status="error">
        {this.props.fallback}
      </div>
    ) : (
      this.props.children
    );
  }
}
