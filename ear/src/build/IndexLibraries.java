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
 * Puts a Jandex index into every resource root of the EAR that has none: each library jar of
 * lib/, each module jar (the contexts' EJB jars), and in each WAR its WEB-INF/lib jars and its
 * WEB-INF/classes (WEB-INF/classes/META-INF/jandex.idx). WildFly then reads each root's index at
 * deployment instead of indexing every class of it at each start.
 *
 * <pre>java -cp jandex.jar IndexLibraries.java EAR CACHE_DIR</pre>
 *
 * Why: WildFly's ResourceRootIndexer indexes every class of every jar in lib/ at each deployment
 * unless the jar carries META-INF/jandex.idx. elasticsearch-java alone (9,963 classes) took 5-9 s
 * of each start on a 2-core machine; the rest of lib/ (Jackson, Flyway, the HTTP clients,
 * OpenTelemetry, ~3,000 classes) about 2 s more, and each new context's libraries (a Redis
 * client, Netty) would add their own. Indexing here, once per library version, keeps a new
 * library from adding seconds to every start. The contexts' own jars and WARs (~400 classes, about
 * 3 % of a start's CPU) are indexed at each build, since they change with every build. The index
 * holds the same classes WildFly would have indexed, so every annotation scan sees what it saw
 * before.
 *
 * Indexed copies are cached in CACHE_DIR under the SHA-256 of the original jar, so a build
 * re-indexes only a jar that changed. The EAR is rewritten only when a root lacked an index.
 */
public final class IndexLibraries {

    public static void main(String[] args) throws Exception {
        Path ear = Path.of(args[0]);
        Path cache = Path.of(args[1]);
        Files.createDirectories(cache);
        Counts counts = new Counts();
        byte[] original = Files.readAllBytes(ear);
        byte[] result = indexEar(original, cache, counts);
        if (counts.indexed > 0) {
            Path rewritten = ear.resolveSibling(ear.getFileName() + ".indexing");
            Files.write(rewritten, result);
            Files.move(rewritten, ear, StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.printf("index-libraries: %d archive(s) given a Jandex index, %d already had one%n",
                counts.indexed, counts.kept);
    }

    private static final class Counts {
        int indexed;
        int kept;
    }

    /**
     * The EAR's libraries (lib/*.jar), its EJB and other module jars (top-level *.jar), and in each
     * WAR its WEB-INF/lib/*.jar and WEB-INF/classes: every resource root WildFly would index.
     */
    private static byte[] indexEar(byte[] ear, Path cache, Counts counts) throws Exception {
        return rewrite(ear, (name, content) -> {
            boolean topLevel = name.indexOf('/') < 0;
            boolean library = name.startsWith("lib/") && name.indexOf('/', 4) < 0;
            if (name.endsWith(".jar") && (topLevel || library)) {
                return jarWithIndex(content, cache, counts);
            }
            if (name.endsWith(".war") && topLevel) {
                return indexWar(content, cache, counts);
            }
            return content;
        });
    }

    private static byte[] indexWar(byte[] war, Path cache, Counts counts) throws Exception {
        Indexer classes = new Indexer();
        boolean[] hasClasses = {false};
        boolean hasClassesIndex = contains(war, "WEB-INF/classes/META-INF/jandex.idx");
        byte[] rewritten = rewrite(war, (name, content) -> {
            if (name.startsWith("WEB-INF/lib/") && name.endsWith(".jar") && name.indexOf('/', 12) < 0) {
                return jarWithIndex(content, cache, counts);
            }
            if (!hasClassesIndex && name.startsWith("WEB-INF/classes/") && name.endsWith(".class")) {
                classes.index(new java.io.ByteArrayInputStream(content));
                hasClasses[0] = true;
            }
            return content;
        });
        if (hasClassesIndex || !hasClasses[0]) {
            return rewritten;
        }
        counts.indexed++;
        ByteArrayOutputStream copy = new ByteArrayOutputStream(rewritten.length + 16384);
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(rewritten));
             ZipOutputStream out = new ZipOutputStream(copy)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                copyEntry(entry, in.readAllBytes(), out);
            }
            out.putNextEntry(new ZipEntry("WEB-INF/classes/META-INF/jandex.idx"));
            new IndexWriter(new NonClosing(out)).write(classes.complete());
            out.closeEntry();
        }
        return copy.toByteArray();
    }

    private static byte[] jarWithIndex(byte[] jar, Path cache, Counts counts) throws Exception {
        if (contains(jar, "META-INF/jandex.idx")) {
            counts.kept++;
            return jar;
        }
        counts.indexed++;
        return indexedCopy(jar, cache);
    }

    private interface EntryRewriter {
        byte[] rewrite(String name, byte[] content) throws Exception;
    }

    /** A copy of the archive with each entry's content passed through the rewriter, in order. */
    private static byte[] rewrite(byte[] archive, EntryRewriter rewriter) throws Exception {
        ByteArrayOutputStream copy = new ByteArrayOutputStream(archive.length + 65536);
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(archive));
             ZipOutputStream out = new ZipOutputStream(copy)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                copyEntry(entry, rewriter.rewrite(entry.getName(), in.readAllBytes()), out);
            }
        }
        return copy.toByteArray();
    }

    private static void copyEntry(ZipEntry entry, byte[] content, ZipOutputStream out) throws IOException {
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTime(entry.getTime());
        out.putNextEntry(copy);
        out.write(content);
        out.closeEntry();
    }

    private static boolean contains(byte[] archive, String name) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(archive))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (entry.getName().equals(name)) {
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
                copyEntry(entry, content, out);
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
