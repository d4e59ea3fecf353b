package org.reckon.objectstorage.s3;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.xml.parsers.DocumentBuilderFactory;
import org.reckon.objectstorage.S3Exception;
import org.reckon.objectstorage.auth.AwsChunkedInputStream;
import org.reckon.objectstorage.auth.AccessKeys;
import org.reckon.objectstorage.catalog.Bucket;
import org.reckon.objectstorage.catalog.Catalog;
import org.reckon.objectstorage.catalog.ObjectVersion;
import org.reckon.objectstorage.catalog.Part;
import org.reckon.objectstorage.catalog.StoredChecksum;
import org.reckon.objectstorage.catalog.Upload;
import org.reckon.objectstorage.service.FlexibleChecksum;
import org.reckon.objectstorage.service.ObjectService;
import org.reckon.objectstorage.service.ObjectService.Caller;
import org.reckon.objectstorage.service.ObjectService.Digests;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * S3's REST API, path-style: {@code /} (ListBuckets), {@code /bucket} (bucket operations, chosen
 * by method and sub-resource: ?versioning, ?acl, ?location, ?uploads, ?versions, ?delete,
 * ?list-type=2) and {@code /bucket/key} (objects; ?uploads, ?uploadId, ?partNumber for
 * multipart). Errors are S3's XML error documents with S3's codes. Bodies are streamed.
 */
@WebServlet(urlPatterns = "/*", asyncSupported = false)
public class S3Servlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(S3Servlet.class.getName());
    private static final int MAX_XML_BODY = 2 << 20;

    @Inject
    ObjectService service;

    @Inject
    AccessKeys accessKeys;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /**
     * 16 upper-case hex digits, as S3's request ids. An id needs no SecureRandom: UUID.randomUUID's
     * lock and the string work after it were 0.7 % of S3Servlet.service's samples.
     */
    static String requestId() {
        long v = ThreadLocalRandom.current().nextLong();
        char[] id = new char[16];
        for (int i = 15; i >= 0; i--, v >>>= 4) id[i] = HEX[(int) (v & 15)];
        return new String(id);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String requestId = requestId();
        resp.setHeader("x-amz-request-id", requestId);
        resp.setHeader("Server", "Reckon");
        String rawPath = req.getRequestURI();
        try {
            Map<String, String> query = query(req.getQueryString());
            S3Auth.Result auth = S3Auth.authenticate(req, query, accessKeys);
            String path = decodePath(rawPath);
            if (path.equals("/") || path.isEmpty()) {
                service(req, resp, auth);
                return;
            }
            String rest = path.substring(1);
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String key = slash < 0 ? "" : rest.substring(slash + 1);
            if (key.isEmpty()) {
                bucket(req, resp, auth, bucket, query);
            } else {
                object(req, resp, auth, bucket, key, query);
            }
        } catch (ObjectService.DeleteMarkerException e) {
            resp.setHeader("x-amz-delete-marker", "true");
            if (!"null".equals(e.marker().versionId())) resp.setHeader("x-amz-version-id", e.marker().versionId());
            error(req, resp, e, requestId);
        } catch (S3Exception e) {
            error(req, resp, e, requestId);
        } catch (RuntimeException e) {
            S3Exception cause = s3Cause(e);
            if (cause != null) {
                error(req, resp, cause, requestId);
            } else {
                LOG.log(Level.WARNING, "S3 " + req.getMethod() + " " + rawPath + " failed", e);
                error(req, resp, S3Exception.internal("We encountered an internal error. Please try again."), requestId);
            }
        }
    }

    private static S3Exception s3Cause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof S3Exception s) return s;
        }
        return null;
    }

    private static void error(HttpServletRequest req, HttpServletResponse resp, S3Exception e, String requestId) throws IOException {
        if (resp.isCommitted()) {
            LOG.warning(() -> "S3 error after the answer started: " + e.code() + " " + e.getMessage());
            return;
        }
        resp.setStatus(e.status());
        if ("HEAD".equals(req.getMethod())) return;
        String body = new Xml().open("Error").element("Code", e.code()).element("Message", e.getMessage())
                .element("Resource", e.resource()).element("RequestId", requestId).close("Error").toString();
        send(resp, e.status(), body);
    }

    private static void send(HttpServletResponse resp, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("application/xml");
        resp.setContentLength(bytes.length);
        try (OutputStream out = resp.getOutputStream()) {
            out.write(bytes);
        }
    }

    // ---- service ---------------------------------------------------------------------------------------

    private void service(HttpServletRequest req, HttpServletResponse resp, S3Auth.Result auth) throws IOException {
        if (!"GET".equals(req.getMethod())) throw new S3Exception("MethodNotAllowed", 405, "The specified method is not allowed against this resource.");
        List<Bucket> buckets = service.listBuckets(auth.caller());
        Xml x = new Xml().root("ListAllMyBucketsResult").open("Owner").element("ID", auth.caller().owner())
                .element("DisplayName", auth.caller().owner()).close("Owner").open("Buckets");
        for (Bucket b : buckets) {
            x.open("Bucket").element("Name", b.name()).element("CreationDate", Xml.time(b.createdAt())).close("Bucket");
        }
        send(resp, 200, x.close("Buckets").close("ListAllMyBucketsResult").toString());
    }

    // ---- buckets ---------------------------------------------------------------------------------------

    private void bucket(HttpServletRequest req, HttpServletResponse resp, S3Auth.Result auth, String bucket, Map<String, String> q)
            throws IOException {
        Caller caller = auth.caller();
        switch (req.getMethod()) {
            case "PUT" -> {
                if (q.containsKey("versioning")) {
                    Document doc = xml(req, auth);
                    service.setVersioning(caller, bucket, text(doc.getDocumentElement(), "Status"));
                    resp.setStatus(200);
                } else if (q.containsKey("acl")) {
                    service.setPublicRead(caller, bucket, "public-read".equals(req.getHeader("x-amz-acl")));
                    resp.setStatus(200);
                } else {
                    drain(req, auth);
                    service.createBucket(caller, bucket, req.getHeader("x-reckon-storage-class"), "public-read".equals(req.getHeader("x-amz-acl")));
                    resp.setHeader("Location", "/" + bucket);
                    resp.setStatus(200);
                }
            }
            case "HEAD" -> {
                Bucket b = service.readable(caller, bucket);
                resp.setHeader("x-amz-bucket-region", "us-east-1");
                resp.setHeader("x-reckon-storage-class", b.storageClass());
                resp.setStatus(200);
            }
            case "DELETE" -> {
                service.deleteBucket(caller, bucket);
                resp.setStatus(204);
            }
            case "POST" -> {
                if (!q.containsKey("delete")) throw new S3Exception("MethodNotAllowed", 405, "The specified method is not allowed against this resource.");
                deleteObjects(req, resp, auth, bucket);
            }
            case "GET" -> {
                if (q.containsKey("versioning")) {
                    Bucket b = service.writable(caller, bucket);
                    Xml x = new Xml().root("VersioningConfiguration");
                    if (!"OFF".equals(b.versioning())) x.element("Status", b.versioned() ? "Enabled" : "Suspended");
                    send(resp, 200, x.close("VersioningConfiguration").toString());
                } else if (q.containsKey("location")) {
                    service.readable(caller, bucket);
                    send(resp, 200, new Xml().root("LocationConstraint").close("LocationConstraint").toString());
                } else if (q.containsKey("acl")) {
                    Bucket b = service.writable(caller, bucket);
                    Xml x = new Xml().root("AccessControlPolicy").open("Owner").element("ID", b.owner()).close("Owner").open("AccessControlList");
                    x.append("<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\"><ID>"
                            + Xml.escape(b.owner()) + "</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>");
                    if (b.publicRead()) {
                        x.append("<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"Group\">"
                                + "<URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant>");
                    }
                    send(resp, 200, x.close("AccessControlList").close("AccessControlPolicy").toString());
                } else if (q.containsKey("versions")) {
                    listVersions(resp, caller, bucket, q);
                } else if (q.containsKey("uploads")) {
                    Xml x = new Xml().root("ListMultipartUploadsResult").element("Bucket", bucket).element("IsTruncated", false);
                    for (Upload u : service.uploads(caller, bucket)) {
                        x.open("Upload").element("Key", u.key()).element("UploadId", u.uploadId()).element("Initiated", Xml.time(u.createdAt()))
                                .close("Upload");
                    }
                    send(resp, 200, x.close("ListMultipartUploadsResult").toString());
                } else {
                    listObjects(resp, caller, bucket, q);
                }
            }
            default -> throw new S3Exception("MethodNotAllowed", 405, "The specified method is not allowed against this resource.");
        }
    }

    private void listObjects(HttpServletResponse resp, Caller caller, String bucket, Map<String, String> q) throws IOException {
        boolean v2 = "2".equals(q.get("list-type"));
        int maxKeys = maxKeys(q);
        String prefix = q.getOrDefault("prefix", "");
        String delimiter = q.get("delimiter");
        String token = q.get("continuation-token");
        String after;
        if (v2) {
            after = token != null ? decodeToken(token) : q.get("start-after");
        } else {
            after = q.get("marker");
        }
        boolean urlEncode = "url".equals(q.get("encoding-type"));
        ObjectService.Listing page = service.list(caller, bucket, prefix, delimiter, after, maxKeys);
        String root = v2 ? "ListBucketResult" : "ListBucketResult";
        Xml x = new Xml().root(root).element("Name", bucket).element("Prefix", enc(prefix, urlEncode))
                .element("Delimiter", delimiter == null ? null : enc(delimiter, urlEncode)).element("MaxKeys", maxKeys)
                .element("EncodingType", urlEncode ? "url" : null).element("IsTruncated", page.truncated());
        if (v2) {
            x.element("KeyCount", page.contents().size() + page.commonPrefixes().size());
            if (token != null) x.element("ContinuationToken", token);
            if (q.containsKey("start-after")) x.element("StartAfter", enc(q.get("start-after"), urlEncode));
            if (page.truncated()) x.element("NextContinuationToken", encodeToken(page.nextMarker()));
        } else {
            x.element("Marker", after == null ? "" : after);
            if (page.truncated()) x.element("NextMarker", page.nextMarker());
        }
        for (ObjectVersion v : page.contents()) {
            x.open("Contents").element("Key", enc(v.key(), urlEncode)).element("LastModified", Xml.time(v.createdAt()))
                    .element("ETag", "\"" + v.etag() + "\"").element("Size", v.size()).element("StorageClass", "STANDARD").close("Contents");
        }
        for (String p : page.commonPrefixes()) {
            x.open("CommonPrefixes").element("Prefix", enc(p, urlEncode)).close("CommonPrefixes");
        }
        send(resp, 200, x.close(root).toString());
    }

    private static int maxKeys(Map<String, String> q) {
        try {
            int n = Integer.parseInt(q.getOrDefault("max-keys", "1000"));
            if (n < 0) throw S3Exception.invalidArgument("max-keys must be 0 or more");
            return Math.min(n, 1000);
        } catch (NumberFormatException e) {
            throw S3Exception.invalidArgument("max-keys must be an integer");
        }
    }

    private static String enc(String s, boolean urlEncode) {
        return urlEncode && s != null ? URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20") : s;
    }

    private static String encodeToken(String marker) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(marker.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw S3Exception.invalidArgument("The continuation token provided is incorrect");
        }
    }

    private void listVersions(HttpServletResponse resp, Caller caller, String bucket, Map<String, String> q) throws IOException {
        int maxKeys = maxKeys(q);
        String prefix = q.getOrDefault("prefix", "");
        ObjectService.VersionListing page = service.versions(caller, bucket, prefix, q.get("key-marker"), q.get("version-id-marker"), maxKeys);
        Xml x = new Xml().root("ListVersionsResult").element("Name", bucket).element("Prefix", prefix)
                .element("KeyMarker", q.getOrDefault("key-marker", "")).element("VersionIdMarker", q.getOrDefault("version-id-marker", ""))
                .element("MaxKeys", maxKeys).element("IsTruncated", page.truncated());
        if (page.truncated()) x.element("NextKeyMarker", page.nextKeyMarker()).element("NextVersionIdMarker", page.nextVersionIdMarker());
        for (ObjectVersion v : page.versions()) {
            if (v.deleteMarker()) {
                x.open("DeleteMarker").element("Key", v.key()).element("VersionId", v.versionId()).element("IsLatest", v.latest())
                        .element("LastModified", Xml.time(v.createdAt())).close("DeleteMarker");
            } else {
                x.open("Version").element("Key", v.key()).element("VersionId", v.versionId()).element("IsLatest", v.latest())
                        .element("LastModified", Xml.time(v.createdAt())).element("ETag", "\"" + v.etag() + "\"").element("Size", v.size())
                        .element("StorageClass", "STANDARD").close("Version");
            }
        }
        send(resp, 200, x.close("ListVersionsResult").toString());
    }

    private void deleteObjects(HttpServletRequest req, HttpServletResponse resp, S3Auth.Result auth, String bucket) throws IOException {
        Document doc = xml(req, auth);
        boolean quiet = "true".equals(text(doc.getDocumentElement(), "Quiet"));
        Xml x = new Xml().root("DeleteResult");
        NodeList objects = doc.getDocumentElement().getElementsByTagName("Object");
        if (objects.getLength() > 1000) throw new S3Exception("MalformedXML", 400, "At most 1000 keys per request");
        for (int i = 0; i < objects.getLength(); i++) {
            Element o = (Element) objects.item(i);
            String key = text(o, "Key");
            String versionId = text(o, "VersionId");
            try {
                ObjectVersion v = service.delete(auth.caller(), bucket, key, versionId);
                if (!quiet) {
                    x.open("Deleted").element("Key", key).element("VersionId", versionId);
                    if (v != null && v.deleteMarker()) x.element("DeleteMarker", true).element("DeleteMarkerVersionId", v.versionId());
                    x.close("Deleted");
                }
            } catch (S3Exception e) {
                x.open("Error").element("Key", key).element("Code", e.code()).element("Message", e.getMessage()).close("Error");
            }
        }
        send(resp, 200, x.close("DeleteResult").toString());
    }

    // ---- objects ---------------------------------------------------------------------------------------

    private void object(HttpServletRequest req, HttpServletResponse resp, S3Auth.Result auth, String bucket, String key, Map<String, String> q)
            throws IOException {
        ObjectService.checkKey(key);
        Caller caller = auth.caller();
        String versionId = q.get("versionId");
        switch (req.getMethod()) {
            case "PUT" -> {
                if (q.containsKey("uploadId")) {
                    int partNumber;
                    try {
                        partNumber = Integer.parseInt(q.getOrDefault("partNumber", ""));
                    } catch (NumberFormatException e) {
                        throw S3Exception.invalidArgument("Part number must be an integer between 1 and 10000, inclusive");
                    }
                    if (req.getHeader("x-amz-copy-source") != null) {
                        uploadPartCopy(req, resp, auth, bucket, key, q.get("uploadId"), partNumber);
                        return;
                    }
                    InputStream body = body(req, auth);
                    Digests digests = digests(req, body);
                    Part p = service.uploadPart(caller, bucket, key, q.get("uploadId"), partNumber, body, length(req), digests);
                    resp.setHeader("ETag", "\"" + p.etag() + "\"");
                    echoChecksum(resp, digests);
                    resp.setStatus(200);
                } else if (req.getHeader("x-amz-copy-source") != null) {
                    copy(req, resp, auth, bucket, key);
                } else {
                    drainCheck(req);
                    InputStream body = body(req, auth);
                    Digests digests = digests(req, body);
                    ObjectVersion v = service.putObject(caller, bucket, key, body, length(req), digests, req.getContentType(), userMetadata(req));
                    resp.setHeader("ETag", "\"" + v.etag() + "\"");
                    echoChecksum(resp, digests);
                    if (!Catalog.NULL_VERSION.equals(v.versionId())) resp.setHeader("x-amz-version-id", v.versionId());
                    resp.setStatus(200);
                }
            }
            case "GET", "HEAD" -> {
                if (q.containsKey("uploadId") && "GET".equals(req.getMethod())) {
                    listParts(resp, caller, bucket, key, q.get("uploadId"));
                    return;
                }
                ObjectVersion v = service.head(caller, bucket, key, versionId);
                headers(resp, v);
                long from = 0, to = v.size() - 1;
                String range = req.getHeader("Range");
                boolean partial = false;
                if (range != null && v.size() > 0) {
                    long[] r = range(range, v.size());
                    if (r != null) {
                        from = r[0];
                        to = r[1];
                        partial = true;
                        resp.setHeader("Content-Range", "bytes " + from + "-" + to + "/" + v.size());
                    }
                }
                // as S3: the stored checksum when asked for, of the whole object only (a range is not what it checks)
                if (!partial && v.checksum() != null && "ENABLED".equalsIgnoreCase(req.getHeader("x-amz-checksum-mode"))) {
                    resp.setHeader(FlexibleChecksum.HEADER_PREFIX + v.checksum().algorithm(), v.checksum().value());
                    resp.setHeader("x-amz-checksum-type", v.checksum().type());
                }
                resp.setStatus(partial ? 206 : 200);
                resp.setContentLengthLong(Math.max(0, to - from + 1));
                if ("HEAD".equals(req.getMethod())) return;
                OutputStream out = resp.getOutputStream();
                try {
                    service.read(v, from, to, out);
                } catch (RuntimeException e) {
                    if (!resp.isCommitted()) {
                        // nothing sent yet (the first block unreadable): the error answers, not the object's
                        // headers. Closing the stream here used to send them with no body: a clean-looking
                        // empty 200 through the cluster's balancer (the cluster fault case).
                        String requestId = resp.getHeader("x-amz-request-id");
                        resp.reset();
                        resp.setHeader("x-amz-request-id", requestId);
                        throw e;
                    }
                    // part of the object went out: the connection must break, never end as if complete
                    throw new IOException("GET of " + key + " broken after " + (to - from + 1) + " bytes were promised", e);
                }
                out.close();
            }
            case "DELETE" -> {
                if (q.containsKey("uploadId")) {
                    service.abort(caller, bucket, key, q.get("uploadId"));
                    resp.setStatus(204);
                    return;
                }
                ObjectVersion v = service.delete(caller, bucket, key, versionId);
                if (v != null) {
                    if (v.deleteMarker()) resp.setHeader("x-amz-delete-marker", "true");
                    if (!Catalog.NULL_VERSION.equals(v.versionId())) resp.setHeader("x-amz-version-id", v.versionId());
                }
                resp.setStatus(204);
            }
            case "POST" -> {
                if (q.containsKey("uploads")) {
                    Upload u = service.initiate(caller, bucket, key, req.getContentType(), userMetadata(req),
                            req.getHeader("x-amz-checksum-algorithm"), req.getHeader("x-amz-checksum-type"));
                    if (u.checksumAlgorithm() != null) {
                        resp.setHeader("x-amz-checksum-algorithm", u.checksumAlgorithm().toUpperCase(Locale.ROOT));
                        resp.setHeader("x-amz-checksum-type", u.checksumType());
                    }
                    send(resp, 200, new Xml().root("InitiateMultipartUploadResult").element("Bucket", bucket).element("Key", key)
                            .element("UploadId", u.uploadId()).close("InitiateMultipartUploadResult").toString());
                } else if (q.containsKey("uploadId")) {
                    complete(req, resp, auth, bucket, key, q.get("uploadId"));
                } else {
                    throw new S3Exception("MethodNotAllowed", 405, "The specified method is not allowed against this resource.");
                }
            }
            default -> throw new S3Exception("MethodNotAllowed", 405, "The specified method is not allowed against this resource.");
        }
    }

    private static void drainCheck(HttpServletRequest req) {
        // a PUT must say how long its body is: Content-Length, or x-amz-decoded-content-length for aws-chunked
        if (req.getHeader("Content-Length") == null && req.getHeader("x-amz-decoded-content-length") == null
                && req.getHeader("Transfer-Encoding") == null) {
            throw new S3Exception("MissingContentLength", 411, "You must provide the Content-Length HTTP header.");
        }
    }

    private void complete(HttpServletRequest req, HttpServletResponse resp, S3Auth.Result auth, String bucket, String key, String uploadId)
            throws IOException {
        Document doc = xml(req, auth);
        List<Catalog.CompletedPart> parts = new ArrayList<>();
        NodeList list = doc.getDocumentElement().getElementsByTagName("Part");
        for (int i = 0; i < list.getLength(); i++) {
            Element p = (Element) list.item(i);
            try {
                parts.add(new Catalog.CompletedPart(Integer.parseInt(text(p, "PartNumber")), text(p, "ETag"), partChecksum(p)));
            } catch (NumberFormatException e) {
                throw new S3Exception("MalformedXML", 400, "PartNumber must be an integer");
            }
        }
        ObjectVersion v = service.complete(auth.caller(), bucket, key, uploadId, parts);
        if (!Catalog.NULL_VERSION.equals(v.versionId())) resp.setHeader("x-amz-version-id", v.versionId());
        Xml x = new Xml().root("CompleteMultipartUploadResult").element("Location", "/" + bucket + "/" + key)
                .element("Bucket", bucket).element("Key", key).element("ETag", "\"" + v.etag() + "\"");
        if (v.checksum() != null) x.element(v.checksum().xmlElement(), v.checksum().value()).element("ChecksumType", v.checksum().type());
        send(resp, 200, x.close("CompleteMultipartUploadResult").toString());
    }

    /** The checksum a CompleteMultipartUpload part element gives (ChecksumCRC32, ...), null when none. */
    private static StoredChecksum partChecksum(Element part) {
        StoredChecksum found = null;
        for (String a : FlexibleChecksum.ALGORITHMS) {
            String value = text(part, StoredChecksum.xmlElement(a));
            if (value == null) continue;
            if (found != null) throw new S3Exception("MalformedXML", 400, "A part gives more than one checksum");
            found = new StoredChecksum(a, value);
        }
        return found;
    }

    private void listParts(HttpServletResponse resp, Caller caller, String bucket, String key, String uploadId) throws IOException {
        Xml x = new Xml().root("ListPartsResult").element("Bucket", bucket).element("Key", key).element("UploadId", uploadId)
                .element("IsTruncated", false);
        for (Part p : service.parts(caller, bucket, key, uploadId)) {
            x.open("Part").element("PartNumber", p.partNumber()).element("LastModified", Xml.time(p.createdAt()))
                    .element("ETag", "\"" + p.etag() + "\"").element("Size", p.size());
            if (p.checksum() != null) x.element(p.checksum().xmlElement(), p.checksum().value());
            x.close("Part");
        }
        send(resp, 200, x.close("ListPartsResult").toString());
    }

    /** x-amz-copy-source: {@code [/]bucket/key[?versionId=v]}, URL-encoded: {bucket, key, version or null}. */
    private static String[] copySource(HttpServletRequest req) {
        String source = decodePath(req.getHeader("x-amz-copy-source"));
        String srcVersion = null;
        int qm = source.indexOf("?versionId=");
        if (qm >= 0) {
            srcVersion = source.substring(qm + "?versionId=".length());
            source = source.substring(0, qm);
        }
        if (source.startsWith("/")) source = source.substring(1);
        int slash = source.indexOf('/');
        if (slash <= 0 || slash == source.length() - 1) throw S3Exception.invalidArgument("x-amz-copy-source must be bucket/key");
        return new String[] {source.substring(0, slash), source.substring(slash + 1), srcVersion};
    }

    private void copy(HttpServletRequest req, HttpServletResponse resp, S3Auth.Result auth, String bucket, String key) throws IOException {
        String[] src = copySource(req);
        boolean replace = "REPLACE".equals(req.getHeader("x-amz-metadata-directive"));
        ObjectVersion v = service.copy(auth.caller(), src[0], src[1], src[2], bucket, key,
                req.getContentType(), userMetadata(req), replace);
        if (!Catalog.NULL_VERSION.equals(v.versionId())) resp.setHeader("x-amz-version-id", v.versionId());
        send(resp, 200, new Xml().root("CopyObjectResult").element("LastModified", Xml.time(v.createdAt()))
                .element("ETag", "\"" + v.etag() + "\"").close("CopyObjectResult").toString());
    }

    /** UploadPartCopy: the part is bytes x-amz-copy-source-range (bytes=first-last) of the source, or all of it. */
    private void uploadPartCopy(HttpServletRequest req, HttpServletResponse resp, S3Auth.Result auth, String bucket, String key,
            String uploadId, int partNumber) throws IOException {
        String[] src = copySource(req);
        long[] range = copySourceRange(req.getHeader("x-amz-copy-source-range"));
        Part p = service.uploadPartCopy(auth.caller(), src[0], src[1], src[2], range, bucket, key, uploadId, partNumber);
        if (src[2] != null) resp.setHeader("x-amz-copy-source-version-id", src[2]);
        send(resp, 200, new Xml().root("CopyPartResult").element("LastModified", Xml.time(p.createdAt()))
                .element("ETag", "\"" + p.etag() + "\"").close("CopyPartResult").toString());
    }

    /** {@code bytes=first-last}, both zero-based and inclusive, as S3 requires (no open or suffix ranges); null when absent. */
    static long[] copySourceRange(String header) {
        if (header == null) return null;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("bytes=(\\d{1,18})-(\\d{1,18})").matcher(header.trim());
        if (!m.matches()) {
            throw S3Exception.invalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last where first and last "
                    + "are the zero-based offsets of the first and last bytes to copy");
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    private static void headers(HttpServletResponse resp, ObjectVersion v) {
        resp.setHeader("ETag", "\"" + v.etag() + "\"");
        resp.setHeader("Last-Modified", HttpDate.format(v.createdAt()));
        resp.setHeader("Accept-Ranges", "bytes");
        resp.setContentType(v.contentType() == null ? "binary/octet-stream" : v.contentType());
        if (!Catalog.NULL_VERSION.equals(v.versionId())) resp.setHeader("x-amz-version-id", v.versionId());
        for (Map.Entry<String, String> m : parseMetadata(v.userMetadata()).entrySet()) {
            resp.setHeader("x-amz-meta-" + m.getKey(), m.getValue());
        }
    }

    /** bytes=a-b, bytes=a-, bytes=-n; null when the header is not a single byte range (the whole object is sent). */
    static long[] range(String header, long size) {
        if (!header.startsWith("bytes=") || header.contains(",")) return null;
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) return null;
        try {
            long from, to;
            if (dash == 0) {
                long n = Long.parseLong(spec.substring(1));
                if (n == 0) throw invalidRange();
                from = Math.max(0, size - n);
                to = size - 1;
            } else {
                from = Long.parseLong(spec.substring(0, dash));
                to = dash == spec.length() - 1 ? size - 1 : Math.min(size - 1, Long.parseLong(spec.substring(dash + 1)));
                if (from >= size) throw invalidRange();
                if (to < from) return null;
            }
            return new long[] {from, to};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static S3Exception invalidRange() {
        return new S3Exception("InvalidRange", 416, "The requested range is not satisfiable");
    }

    // ---- bodies, metadata, query -----------------------------------------------------------------------

    private static boolean chunked(HttpServletRequest req) {
        String sha = req.getHeader("x-amz-content-sha256");
        return sha != null && sha.startsWith("STREAMING-");
    }

    private static InputStream body(HttpServletRequest req, S3Auth.Result auth) throws IOException {
        InputStream in = req.getInputStream();
        if (chunked(req)) {
            String sha = req.getHeader("x-amz-content-sha256");
            boolean signed = sha.startsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
            if (signed && auth.signingKey() == null) throw S3Exception.accessDenied();
            return new AwsChunkedInputStream(in, signed, auth.signingKey(), auth.amzDate(), auth.scope(), auth.seedSignature());
        }
        return in;
    }

    private static long length(HttpServletRequest req) {
        String decoded = req.getHeader("x-amz-decoded-content-length");
        try {
            if (chunked(req)) return decoded == null ? -1 : Long.parseLong(decoded);
            return req.getContentLengthLong();
        } catch (NumberFormatException e) {
            throw S3Exception.invalidArgument("x-amz-decoded-content-length must be a number");
        }
    }

    /**
     * The body's digests: Content-MD5, a hex x-amz-content-sha256, and at most one additional
     * checksum, in an x-amz-checksum-ALG header or in the aws-chunked trailer that x-amz-trailer
     * names (SDKs send a CRC32 with every upload).
     */
    private static Digests digests(HttpServletRequest req, InputStream body) {
        String sha = req.getHeader("x-amz-content-sha256");
        boolean hex = sha != null && sha.matches("[0-9a-f]{64}");
        String algorithm = null;
        Supplier<String> value = null;
        for (String a : FlexibleChecksum.ALGORITHMS) {
            String v = req.getHeader(FlexibleChecksum.HEADER_PREFIX + a);
            if (v == null) continue;
            if (algorithm != null) {
                throw new S3Exception("InvalidRequest", 400, "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
            }
            algorithm = a;
            value = () -> v;
        }
        String trailer = req.getHeader("x-amz-trailer");
        if (algorithm == null && trailer != null) {
            String a = FlexibleChecksum.algorithmOf(trailer);
            if (a == null) {
                throw new S3Exception("InvalidRequest", 400, "The value specified in the x-amz-trailer header is not supported");
            }
            if (!(body instanceof AwsChunkedInputStream chunked)) {
                throw new S3Exception("InvalidRequest", 400, "x-amz-trailer needs an aws-chunked body (Content-Encoding: aws-chunked)");
            }
            algorithm = a;
            value = () -> chunked.trailer(FlexibleChecksum.HEADER_PREFIX + a);
        }
        return new Digests(req.getHeader("Content-MD5"), hex ? sha : null, algorithm, value);
    }

    /** As S3: the additional checksum the upload was checked against comes back in its header. */
    private static void echoChecksum(HttpServletResponse resp, Digests digests) {
        if (digests.checksumAlgorithm() != null) resp.setHeader(FlexibleChecksum.HEADER_PREFIX + digests.checksumAlgorithm(), digests.checksumValue().get().trim());
    }

    /** x-amz-meta-* headers, stored as name=value&... (URL-encoded). At most 2 KB, as S3. */
    static String userMetadata(HttpServletRequest req) {
        Map<String, String> meta = new TreeMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-amz-meta-")) meta.put(lower.substring("x-amz-meta-".length()), req.getHeader(name));
        }
        if (meta.isEmpty()) return null;
        StringBuilder b = new StringBuilder();
        int size = 0;
        for (Map.Entry<String, String> e : meta.entrySet()) {
            size += e.getKey().length() + e.getValue().length();
            if (b.length() > 0) b.append('&');
            b.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        if (size > 2048) throw new S3Exception("MetadataTooLarge", 400, "Your metadata headers exceed the maximum allowed metadata size (2 KB)");
        return b.toString();
    }

    static Map<String, String> parseMetadata(String stored) {
        Map<String, String> out = new LinkedHashMap<>();
        if (stored == null || stored.isEmpty()) return out;
        for (String pair : stored.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The query's parameters, percent-decoded ('+' stays a plus, as S3 reads it). */
    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1));
            out.putIfAbsent(name, value);
        }
        return out;
    }

    static String decodePath(String raw) {
        return percentDecode(raw);
    }

    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) return s;
        byte[] out = new byte[s.length()];
        int n = 0;
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length) {
                int hi = Character.digit(in[i + 1], 16), lo = Character.digit(in[i + 2], 16);
                if (hi >= 0 && lo >= 0) {
                    out[n++] = (byte) (hi * 16 + lo);
                    i += 2;
                    continue;
                }
            }
            if (n == out.length) out = java.util.Arrays.copyOf(out, out.length * 2);
            out[n++] = in[i];
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private static void drain(HttpServletRequest req, S3Auth.Result auth) throws IOException {
        body(req, auth).transferTo(OutputStream.nullOutputStream());
    }

    /** A request's small XML body (at most 2 MiB), without DTDs or external entities. */
    private static Document xml(HttpServletRequest req, S3Auth.Result auth) throws IOException {
        byte[] bytes = body(req, auth).readNBytes(MAX_XML_BODY + 1);
        if (bytes.length > MAX_XML_BODY) throw new S3Exception("MalformedXML", 400, "The XML you provided was too large");
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
        } catch (Exception e) {
            throw new S3Exception("MalformedXML", 400, "The XML you provided was not well-formed or did not validate against our published schema");
        }
    }

    private static String text(Element parent, String name) {
        NodeList l = parent.getElementsByTagName(name);
        return l.getLength() == 0 ? null : l.item(0).getTextContent().trim();
    }
}
