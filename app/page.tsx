import { LazyChannelDirectory } from "./components/lazyViews";

export default function HomePage() {
  return (
    <div className="page">
      <LazyChannelDirectory />
    </div>
  );
}
