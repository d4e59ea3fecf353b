package org.reckon.faults.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File helpers of the suite. */
public final class Files {

    private Files() {
    }

    /** Deletes a directory tree (nothing if absent). */
    public static void delete(Path dir) {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a directory tree. */
    public static void copy(Path from, Path to) {
        try (Stream<Path> paths = java.nio.file.Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (java.nio.file.Files.isDirectory(p)) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    java.nio.file.Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
