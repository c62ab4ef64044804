package org.citybrain.platform;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * The servlet container's own error answers (a malformed URL, a request line or header over the limit: refused before
 * any servlet runs) as ProblemDetails too, instead of Tomcat's HTML page with its name and version.
 */
@Component
class ContainerProblems implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
                host.getPipeline().addValve(new ProblemReportValve());
            }
        });
    }

    /** Writes a ProblemDetails body for an error status that nothing else answered. */
    public static class ProblemReportValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            String detail = switch (status) {
                case 400 -> "请求格式无效 / the request is malformed (URL, header or encoding)";
                case 404 -> "没有这个地址 / no such resource";
                case 405 -> "不支持该请求方法 / method not allowed";
                case 413 -> "请求内容过大 / the request is too large";
                case 414, 431 -> "地址或请求头过长 / the URL or a header is too long";
                default -> "请求未能处理 / the request could not be handled";
            };
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding("UTF-8");
                Writer w = response.getReporter();
                if (w != null) {
                    w.write("{\"type\":\"about:blank\",\"title\":\"" + title(status) + "\",\"status\":" + status + ",\"detail\":\"" + detail
                            + "\",\"field\":\"url\"}");
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client is gone or the response is committed: nothing more to say
            }
        }

        private static String title(int status) {
            org.springframework.http.HttpStatus s = org.springframework.http.HttpStatus.resolve(status);
            return s == null ? "Error" : s.getReasonPhrase();
        }
    }
}
