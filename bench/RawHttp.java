// Shared by the load harnesses that must not spend the machine's cores on the client: HTTP/1.1 over one kept-alive
// socket, written by hand (a request is a few hundred bytes; java.net.http's client costs more CPU per request than
// the server it measures, on the 2-core machines these benchmarks run on).
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One connection, one request at a time; reconnects when the server closed it or went away. The answer is read into a
 * buffer of its own and scanned there: a byte at a time through a BufferedInputStream (a lock taken per byte) made this
 * client cost as much of the machine as the database did.
 */
final class RawHttp {

    record Answer(int status, String body) {
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] buffer = new byte[16_384];
    private int pos;
    private int limit;

    RawHttp(String base) {
        URI u = URI.create(base);
        this.host = u.getHost();
        this.port = u.getPort();
    }

    Answer send(String method, String path, String body, String... headers) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 2_000);
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            pos = 0;
            limit = 0;
        }
        try {
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port).append("\r\n");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ").append(payload.length).append("\r\n");
            }
            head.append("\r\n");
            ByteArrayOutputStream request = new ByteArrayOutputStream(head.length() + payload.length);
            request.write(head.toString().getBytes(StandardCharsets.UTF_8));
            request.write(payload);
            out.write(request.toByteArray());
            out.flush();
            return read();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private Answer read() throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("the server closed the connection");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        boolean closing = false;
        for (String h = line(); h != null && !h.isEmpty(); h = line()) {
            String lower = h.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).strip());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                closing = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = Integer.parseInt(line().split(";")[0].strip(), 16); size > 0; size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
                bytes(body, size);
                line();
            }
            line();
        } else if (length > 0) {
            bytes(body, length);
        }
        if (closing) {
            close();
        }
        return new Answer(code, body.toString(StandardCharsets.UTF_8));
    }

    private boolean fill() throws IOException {
        if (pos < limit) {
            return true;
        }
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private void bytes(ByteArrayOutputStream to, int count) throws IOException {
        while (count > 0) {
            if (!fill()) {
                throw new IOException("the server closed the connection mid-answer");
            }
            int n = Math.min(count, limit - pos);
            to.write(buffer, pos, n);
            pos += n;
            count -= n;
        }
    }

    /** One header line, without its CRLF (headers are ASCII); null at the end of the stream. */
    private String line() throws IOException {
        StringBuilder b = null;
        while (fill()) {
            for (int i = pos; i < limit; i++) {
                if (buffer[i] == '\n') {
                    int end = i > pos && buffer[i - 1] == '\r' ? i - 1 : i;
                    String part = new String(buffer, pos, end - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 1;
                    if (b == null) {
                        return part;
                    }
                    b.append(part);
                    int n = b.length();
                    return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
                }
            }
            if (b == null) {
                b = new StringBuilder();
            }
            b.append(new String(buffer, pos, limit - pos, StandardCharsets.ISO_8859_1));
            pos = limit;
        }
        return b == null || b.isEmpty() ? null : b.toString();
    }

    void close() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // closing a broken connection
        }
        socket = null;
    }
}
