import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.jboss.jandex.Index;
import org.jboss.jandex.IndexWriter;
import org.jboss.jandex.Indexer;

/**
 * Puts a Jandex index (META-INF/jandex.idx) into every library jar of the EAR's lib/ that has
 * none, so that WildFly reads each library's index at deployment instead of indexing every class
 * of it at each start.
 *
 * <pre>java -cp jandex.jar IndexLibraries.java EAR CACHE_DIR</pre>
 *
 * Why: WildFly's ResourceRootIndexer indexes every class of every jar in lib/ at each deployment
 * unless the jar carries META-INF/jandex.idx. elasticsearch-java alone (9,963 classes) took 5-9 s
 * of each start on a 2-core machine; the rest of lib/ (Jackson, Flyway, the HTTP clients,
 * OpenTelemetry, ~3,000 classes) about 2 s more, and each new context's libraries (a Redis
 * client, Netty) would add their own. Indexing here, once per library version, keeps a new
 * library from adding seconds to every start. The index holds the same classes WildFly would
 * have indexed, so every annotation scan sees what it saw before.
 *
 * Indexed copies are cached in CACHE_DIR under the SHA-256 of the original jar, so a build
 * re-indexes only a library that changed. The EAR is rewritten only when a jar lacked an index.
 */
public final class IndexLibraries {

    public static void main(String[] args) throws Exception {
        Path ear = Path.of(args[0]);
        Path cache = Path.of(args[1]);
        Files.createDirectories(cache);
        Path rewritten = ear.resolveSibling(ear.getFileName() + ".indexing");
        int indexed = 0;
        int kept = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(ear));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(rewritten))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                byte[] content = in.readAllBytes();
                String name = entry.getName();
                if (name.startsWith("lib/") && name.endsWith(".jar") && name.indexOf('/', 4) < 0
                        && !hasIndex(content)) {
                    content = indexedCopy(content, cache);
                    indexed++;
                } else if (name.startsWith("lib/") && name.endsWith(".jar")) {
                    kept++;
                }
                ZipEntry copy = new ZipEntry(name);
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(content);
                out.closeEntry();
            }
        }
        if (indexed == 0) {
            Files.delete(rewritten);
        } else {
            Files.move(rewritten, ear, StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.printf("index-libraries: %d jar(s) of lib/ given a Jandex index, %d already had one%n",
                indexed, kept);
    }

    private static boolean hasIndex(byte[] jar) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(jar))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (entry.getName().equals("META-INF/jandex.idx")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static byte[] indexedCopy(byte[] jar, Path cache) throws Exception {
        Path cached = cache.resolve(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar)) + ".jar");
        if (Files.exists(cached)) {
            return Files.readAllBytes(cached);
        }
        Indexer indexer = new Indexer();
        ByteArrayOutputStream copy = new ByteArrayOutputStream(jar.length + 65536);
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(jar));
             ZipOutputStream out = new ZipOutputStream(copy)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                byte[] content = in.readAllBytes();
                if (entry.getName().endsWith(".class")) {
                    indexer.index(new java.io.ByteArrayInputStream(content));
                }
                ZipEntry same = new ZipEntry(entry.getName());
                same.setTime(entry.getTime());
                out.putNextEntry(same);
                out.write(content);
                out.closeEntry();
            }
            Index index = indexer.complete();
            out.putNextEntry(new ZipEntry("META-INF/jandex.idx"));
            new IndexWriter(new NonClosing(out)).write(index);
            out.closeEntry();
        }
        Path tmp = Files.createTempFile(cache, "indexing", ".jar");
        Files.write(tmp, copy.toByteArray());
        Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return copy.toByteArray();
    }

    /** IndexWriter writes to a stream it does not own; the zip entry is closed by the caller. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    private IndexLibraries() {
    }
}
