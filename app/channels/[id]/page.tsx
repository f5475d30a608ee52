import { LazyChannelView } from "../../components/lazyViews";

export default async function ChannelPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <LazyChannelView channelId={id} />;
}
