package dev.weft.coordinator.store.memory;

import dev.weft.coordinator.settings.Settings;
import dev.weft.coordinator.settings.SettingsContract;

/** The settings contract in memory. */
class InMemorySettingsTest extends SettingsContract {
  @Override
  protected Settings newSettings() {
    return new InMemorySettings();
  }
}
