package org.reckon.platform.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.http.HttpHost;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.elasticsearch.client.RestClient;

/**
 * The application's only door to Elasticsearch. The index is a projection of committed database
 * state, never the source of truth: writers reach it through the search-indexing queue after
 * their transaction commits, so an unreachable cluster costs freshness, never a write.
 *
 * Every failure to reach the cluster surfaces as {@link SearchUnavailableException} (503), fast:
 * connect and socket timeouts are short so a dead cluster does not hold request threads.
 */
@ApplicationScoped
public class SearchGateway {

    private static final Logger LOG = Logger.getLogger(SearchGateway.class.getName());

    @Inject
    @ConfigProperty(name = "reckon.search.url", defaultValue = "http://localhost:9200")
    String url;

    @Inject
    @ConfigProperty(name = "reckon.search.index-prefix", defaultValue = "reckon-")
    String indexPrefix;

    /** Basic credentials for a secured cluster (prod: required, with an https URL; see PlatformProductionSettings). */
    @Inject
    @ConfigProperty(name = "reckon.search.username")
    java.util.Optional<String> username;

    @Inject
    @ConfigProperty(name = "reckon.search.password")
    java.util.Optional<String> password;

    private RestClient restClient;
    private ElasticsearchClient client;
    private final Set<String> mapped = ConcurrentHashMap.newKeySet();

    @PostConstruct
    void connect() {
        var builder = RestClient.builder(HttpHost.create(url))
                .setRequestConfigCallback(config -> config.setConnectTimeout(1_000).setSocketTimeout(10_000));
        if (username.isPresent() && password.isPresent()) {
            String basic = java.util.Base64.getEncoder().encodeToString((username.get() + ":" + password.get())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            builder.setDefaultHeaders(new org.apache.http.Header[] {
                    new org.apache.http.message.BasicHeader("Authorization", "Basic " + basic)});
        }
        restClient = builder.build();
        client = new ElasticsearchClient(new RestClientTransport(restClient, new Jackson3JsonpMapper()));
        LOG.info(() -> "Search cluster configured at " + url);
    }

    @PreDestroy
    void close() {
        try {
            restClient.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing search client", e);
        }
    }

    /** The full index name for a logical one, e.g. {@code hotels} → {@code reckon-hotels}. */
    public String indexName(String logicalIndex) {
        return indexPrefix + logicalIndex;
    }

    /** Adds or replaces a document. {@code visibleOnReturn} waits for a refresh (for read-your-write). */
    public void index(String logicalIndex, String id, Map<String, Object> document, boolean visibleOnReturn) {
        call("index " + logicalIndex + "/" + id, () -> client.index(i -> i
                .index(indexName(logicalIndex))
                .id(id)
                .document(document)
                .refresh(visibleOnReturn ? Refresh.WaitFor : Refresh.False)));
    }

    public void delete(String logicalIndex, String id) {
        call("delete " + logicalIndex + "/" + id, () -> client.delete(d -> d.index(indexName(logicalIndex)).id(id)));
    }

    public void deleteIndex(String logicalIndex) {
        call("delete index " + logicalIndex, () -> client.indices()
                .delete(d -> d.index(indexName(logicalIndex)).ignoreUnavailable(true)));
    }

    /** Full-text query over every text field; a missing index yields no hits, not an error. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List<SearchHit> search(String logicalIndex, String text, int size) {
        SearchResponse<Map> response = call("search " + logicalIndex, () -> client.search(s -> s
                .index(indexName(logicalIndex))
                .ignoreUnavailable(true)
                .allowNoIndices(true)
                .size(size)
                .query(q -> q.simpleQueryString(sq -> sq.query(text))), Map.class));
        return response.hits().hits().stream()
                .map(hit -> new SearchHit(logicalIndex, hit.id(), hit.score(), (Map<String, Object>) hit.source()))
                .toList();
    }

    /**
     * Creates the index with these field mappings unless it exists (checked once per index per
     * server run; two servers racing to create it both succeed). Fields not listed are mapped
     * dynamically.
     */
    public void ensureIndex(String logicalIndex, Map<String, SearchField> fields) {
        String name = indexName(logicalIndex);
        if (mapped.contains(name)) {
            return;
        }
        Map<String, Property> properties = new LinkedHashMap<>();
        fields.forEach((field, type) -> properties.put(field, property(type)));
        boolean exists = call("check index " + logicalIndex, () -> client.indices().exists(e -> e.index(name)).value());
        if (!exists) {
            try {
                call("create index " + logicalIndex, () -> client.indices()
                        .create(c -> c.index(name).mappings(m -> m.properties(properties))));
            } catch (SearchUnavailableException e) {
                if (!(e.getCause() instanceof ElasticsearchException ee)
                        || !"resource_already_exists_exception".equals(ee.error().type())) {
                    throw e;
                }
            }
            call("wait for index " + logicalIndex, () -> client.cluster().health(h -> h.index(name)
                    .waitForStatus(HealthStatus.Yellow).timeout(t -> t.time("5s"))));
            LOG.info(() -> "Search index " + name + " created with fields " + fields.keySet());
        }
        mapped.add(name);
    }

    /** Removes a document if it is there; a missing document or index is not an error. */
    public void remove(String logicalIndex, String id) {
        String name = indexName(logicalIndex);
        boolean present = call("look up " + logicalIndex + "/" + id, () -> client.exists(e -> e.index(name).id(id)).value());
        if (!present) {
            return;
        }
        try {
            call("delete " + logicalIndex + "/" + id, () -> client.delete(d -> d.index(name).id(id)));
        } catch (SearchUnavailableException e) {
            if (!(e.getCause() instanceof ElasticsearchException ee) || ee.status() != 404) {
                throw e;
            }
        }
    }

    /** Runs a {@link SearchQuery}; a missing index yields an empty page, not an error. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public SearchPage search(String logicalIndex, SearchQuery query) {
        List<Query> filters = new ArrayList<>();
        query.filters().forEach((field, value) -> filters.add(Query.of(q -> q.term(t -> t.field(field)
                .value(value).caseInsensitive(true)))));
        List<Query> should = new ArrayList<>();
        if (!query.matchesAll()) {
            should.add(Query.of(q -> q.multiMatch(m -> m.query(query.text()).fields(query.textFields())
                    .type(TextQueryType.CrossFields).operator(Operator.And))));
            for (String field : query.exactFields()) {
                should.add(Query.of(q -> q.term(t -> t.field(field).value(query.text().trim()).caseInsensitive(true))));
            }
        }
        SearchResponse<Map> response = call("search " + logicalIndex, () -> client.search(s -> {
            s.index(indexName(logicalIndex))
                    .ignoreUnavailable(true)
                    .allowNoIndices(true)
                    .from(query.from())
                    .size(query.size())
                    .trackTotalHits(t -> t.enabled(true))
                    .query(q -> q.bool(b -> {
                        b.filter(filters);
                        if (!should.isEmpty()) {
                            b.should(should).minimumShouldMatch("1");
                        }
                        return b;
                    }));
            if (query.matchesAll() && query.sortField() != null) {
                s.sort(o -> o.field(f -> f.field(query.sortField()).order(SortOrder.Asc).unmappedType(
                        co.elastic.clients.elasticsearch._types.mapping.FieldType.Keyword)));
            }
            return s;
        }, Map.class));
        long total = response.hits().total() == null ? response.hits().hits().size() : response.hits().total().value();
        return new SearchPage(total, response.hits().hits().stream()
                .map(hit -> new SearchHit(logicalIndex, hit.id(), hit.score(), (Map<String, Object>) hit.source()))
                .toList());
    }

    private static Property property(SearchField type) {
        return switch (type) {
            case KEYWORD -> Property.of(p -> p.keyword(k -> k));
            case TEXT -> Property.of(p -> p.text(t -> t));
            case TEXT_AND_KEYWORD -> Property.of(p -> p.text(t -> t.fields("keyword", f -> f.keyword(k -> k.ignoreAbove(256)))));
            case DATE -> Property.of(p -> p.date(d -> d));
        };
    }

    /** True when the cluster answers and is not red. */
    public boolean isAvailable() {
        try {
            return client.cluster().health(h -> h.timeout(t -> t.time("2s"))).status() != HealthStatus.Red;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "search health check failed", e);
            return false;
        }
    }

    private interface SearchCall<T> {
        T run() throws IOException;
    }

    private <T> T call(String what, SearchCall<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw new SearchUnavailableException("Search cluster unreachable during " + what + ": " + e.getMessage(), e);
        } catch (ElasticsearchException e) {
            throw new SearchUnavailableException("Search cluster refused " + what + ": " + e.getMessage(), e);
        }
    }
}
