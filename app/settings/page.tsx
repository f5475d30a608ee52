import { KeySettings } from "../components/KeySettings";
import { SettingsPage } from "../components/SettingsPage";

export default function Settings() {
  return (
    <div className="page">
      <SettingsPage />
      <KeySettings />
    </div>
  );
}
