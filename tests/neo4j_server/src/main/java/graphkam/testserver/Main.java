package graphkam.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Runs an embedded Neo4j Community server with Bolt on 127.0.0.1:PORT until stdin closes or
 * the process gets SIGTERM.
 *
 * Usage: Main DIR PORT [PASSWORD]. Without PASSWORD, auth is disabled; with it, auth is on and
 * the user neo4j has that password. Prints "NEO4J READY bolt://127.0.0.1:PORT" when Bolt
 * accepts connections.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            // Neo4j's own threads would keep a half-started JVM alive: exit so the caller sees it.
            e.printStackTrace();
            System.out.flush();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Main DIR PORT [PASSWORD]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = args.length > 2 ? args[2] : null;

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(dir)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, password != null)
                .setConfig(GraphDatabaseSettings.pagecache_memory, 64L * 1024 * 1024)
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(2))
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }));
        if (password != null) {
            GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            try {
                system.executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED",
                        java.util.Map.of("pw", password));
            } catch (RuntimeException e) {
                // A restart on the same files: the password is already set.
                if (!String.valueOf(e.getMessage()).contains("Old password and new password")
                        && !String.valueOf(e.getCause()).contains("Old password and new password")) {
                    throw e;
                }
            }
        }
        dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
        System.out.println("NEO4J READY bolt://127.0.0.1:" + port);
        System.out.flush();

        Thread watcher = new Thread(() -> {
            InputStream in = System.in;
            byte[] buf = new byte[256];
            try {
                while (in.read(buf) >= 0) {
                    // keep reading until EOF
                }
            } catch (IOException ignored) {
                // treat as closed
            }
            System.exit(0);
        });
        watcher.setDaemon(true);
        watcher.start();
        stopped.await();
    }
}
