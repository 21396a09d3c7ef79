package dev.weft.coordinator.store;

import dev.weft.coordinator.settings.Settings;
import dev.weft.coordinator.settings.SettingsContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The settings contract over SQL: in H2 here, and in PostgreSQL (the nested class). */
class SettingsTest extends SettingsContract {
  @TempDir
  Path dir;
  private Database db;

  @Override
  protected Settings newSettings() {
    db = Database.embedded(dir);
    return db.settings();
  }

  @Override
  protected void closeSettings() {
    db.close();
  }

  /** The same contract in PostgreSQL. */
  @Nested
  class Postgres extends SettingsContract {
    private Database pg;

    @Override
    protected Settings newSettings() {
      pg = Database.postgres(PostgresForTests.freshSchema(PostgresForTests.require()));
      return pg.settings();
    }

    @Override
    protected void closeSettings() {
      pg.close();
    }
  }
}
