package org.reckon.platform.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.Map;
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

    private RestClient restClient;
    private ElasticsearchClient client;

    @PostConstruct
    void connect() {
        restClient = RestClient.builder(HttpHost.create(url))
                .setRequestConfigCallback(config -> config.setConnectTimeout(1_000).setSocketTimeout(10_000))
                .build();
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
