package org.reckon.objectstorage.auth;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Optional;
import org.infinispan.Cache;
import org.reckon.objectstorage.catalog.AccessKey;
import org.reckon.objectstorage.catalog.Catalog;

/**
 * The live access keys the S3 endpoint authenticates with, read through a cache of WildFly's
 * Infinispan (container {@code reckon}, cache {@code objectstorage-keys}): a signed request reads
 * its key from PostgreSQL only on a miss. Only live keys are cached; an unknown or revoked id is
 * read from the database every time.
 *
 * <p>Revocation: {@link #revoke} removes the key from the cache once the database has committed
 * it, so the next request with it is refused. On the two-node cluster the cache is an
 * invalidation cache ({@code infinispan-cluster.cli}): the removal reaches the other node's cache
 * before revoke returns. Reads fill the cache with putForExternalRead, which invalidates nothing
 * elsewhere. One race is left: a request that read the key before the revocation committed, and
 * caches it after the removal, keeps it usable until the entry's lifespan ends (30 s, in the
 * cache's configuration).
 */
@ApplicationScoped
public class AccessKeys {

    @Resource(lookup = "java:jboss/infinispan/cache/reckon/objectstorage-keys")
    Cache<String, AccessKey> cache;

    @Inject
    Catalog catalog;

    @PostConstruct
    void start() {
        // The injected cache is WildFly's lazy one: every call looked the cache up in its container again
        // (a new decorator, a privileged action and a caller-class check each time; 121 of a key lookup's
        // 217 samples in a 4 KiB PUT/GET profile). The deployment depends on the cache, so it is resolved once.
        cache = cache.getAdvancedCache();
        // entries of an earlier deployment hold classes of its class loader
        cache.clear();
    }

    /** The key with this id if it exists and is not revoked. */
    public Optional<AccessKey> live(String accessKeyId) throws SQLException {
        AccessKey cached = cache.get(accessKeyId);
        if (cached != null) return Optional.of(cached);
        Optional<AccessKey> key = catalog.accessKey(accessKeyId).filter(k -> k.revokedAt() == null);
        key.ifPresent(k -> cache.putForExternalRead(accessKeyId, k));
        return key;
    }

    /** Revokes a live key of the owner (owner null: any, for staff); false when there is none. Refused at once afterwards. */
    public boolean revoke(String accessKeyId, String owner) throws SQLException {
        boolean revoked = catalog.revokeAccessKey(accessKeyId, owner);
        cache.remove(accessKeyId);
        return revoked;
    }
}
