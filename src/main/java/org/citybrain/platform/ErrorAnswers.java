package org.citybrain.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Where errors that no handler answered end up (the container forwards to /error): a ProblemDetails document for API
 * clients and anything that does not ask for HTML, the refusal page for a person's browser. Replaces Boot's
 * whitelabel error controller, whose JSON is not ProblemDetails and whose HTML names the framework.
 */
@Controller
class ErrorAnswers implements ErrorController {

    @RequestMapping("/error")
    Object error(HttpServletRequest request, HttpServletResponse response, org.springframework.ui.Model model) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : response.getStatus() >= 400 ? response.getStatus() : 500;
        HttpStatus s = HttpStatus.resolve(status) == null ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.resolve(status);
        String detail = switch (status) {
            case 400 -> "请求格式无效 / the request is malformed";
            case 401 -> "需要登录 / authentication required";
            case 403 -> "无权访问 / not allowed";
            case 404 -> "没有这个地址 / no such resource";
            case 405 -> "不支持该请求方法 / method not allowed";
            case 406 -> "无法以所要求的格式回答 / cannot answer in an acceptable media type";
            case 415 -> "不支持的请求内容类型 / unsupported media type";
            default -> status >= 500 ? "系统内部错误 / internal error" : "请求未能处理 / the request could not be handled";
        };
        String uri = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        String accept = request.getHeader("Accept");
        boolean api = uri.startsWith("/api/") || uri.startsWith("/ngsi-ld/") || uri.startsWith("/devices/") || uri.startsWith("/actuator")
                || uri.startsWith("/v3/");
        if (!api && accept != null && accept.contains("text/html")) {
            response.setStatus(status);
            model.addAttribute("message", detail);
            model.addAttribute("back", org.citybrain.platform.pages.PageLinks.cameFrom(request));
            return "refused";
        }
        ProblemDetail p = ProblemDetail.forStatusAndDetail(s, detail);
        p.setProperty("field", status == 405 ? "method" : status == 406 ? "Accept" : status == 415 ? "Content-Type" : "url");
        return ResponseEntity.status(s).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
