"use client";
import { Component, type ReactNode } from "react";
import { ErrorFallback } from "./ErrorFallback";

type State = { error: unknown; failed: boolean };

/**
 * Keeps a render error in its part of the app (ErrorFallback with Try again) instead of
 * unmounting the whole page; React needs a class component for this.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { error: null, failed: false };

  static getDerivedStateFromError(error: unknown): State {
    return { error, failed: true };
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return <ErrorFallback error={this.state.error} reset={() => this.setState({ error: null, failed: false })} />;
  }
}
