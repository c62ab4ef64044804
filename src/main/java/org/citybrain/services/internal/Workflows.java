package org.citybrain.services.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;

import org.flowable.bpmn.converter.BpmnXMLConverter;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.EndEvent;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.ScriptTask;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.bpmn.model.StartEvent;
import org.flowable.bpmn.model.UserTask;
import org.flowable.engine.RepositoryService;
import org.flowable.validation.ProcessValidatorFactory;
import org.flowable.validation.ValidationError;
import org.springframework.stereotype.Component;

/**
 * The workflows of services, in BPMN 2.0 run by Flowable's process engine. A department chooses a template
 * (AUTOMATIC: fetched, decided and paid by the system, 即办; REVIEW: the department reviews every application) or
 * brings its own BPMN, which may use only the service steps CityBrain has (service tasks by their names below, user
 * tasks {@code review} and {@code correction}) and no scripts. Each service deploys under its own process key;
 * Flowable keeps every version, and an application runs on the version it started on.
 */
@Component
class Workflows {

    /** The service steps a workflow may call, each a bean of this package. */
    static final Set<String> STEPS = Set.of("${fetchMaterials}", "${checkEligibility}", "${createPaymentOrder}", "${issueDecision}");
    static final Set<String> USER_TASKS = Set.of("review", "correction");
    static final Set<String> TEMPLATES = Set.of("AUTOMATIC", "REVIEW");

    private final RepositoryService repository;

    Workflows(RepositoryService repository) {
        this.repository = repository;
    }

    /** The BPMN a definition runs: its own, or its template's. */
    String bpmnOf(ServiceDefinition d) {
        return d.workflow().own() ? d.workflow().bpmn() : template(d.workflow().template(), d.processKey(), d.nameZh(), d.department(), d.output().pays());
    }

    /** The problems of a workflow, each a sentence in both languages; empty when it can run. */
    List<String> problems(ServiceDefinition d) {
        List<String> problems = new ArrayList<>();
        if (!d.workflow().own() && !TEMPLATES.contains(String.valueOf(d.workflow().template()))) {
            problems.add("流程模板应为 AUTOMATIC 或 REVIEW，或提供 BPMN / the workflow template must be AUTOMATIC or REVIEW, or give BPMN");
            return problems;
        }
        BpmnModel model;
        try {
            XMLStreamReader reader = XMLInputFactory.newFactory().createXMLStreamReader(new ByteArrayInputStream(bpmnOf(d).getBytes(StandardCharsets.UTF_8)));
            model = new BpmnXMLConverter().convertToBpmnModel(reader);
        } catch (Exception e) {
            problems.add("BPMN 无法解析 / the BPMN does not parse: " + e.getMessage());
            return problems;
        }
        if (model.getProcesses().size() != 1) {
            problems.add("BPMN 应只有一个流程 / the BPMN must hold exactly one process");
            return problems;
        }
        var process = model.getProcesses().getFirst();
        if (!process.getId().equals(d.processKey())) {
            problems.add("流程标识应为 " + d.processKey() + " / the process id must be " + d.processKey());
        }
        for (ValidationError e : new ProcessValidatorFactory().createDefaultProcessValidator().validate(model)) {
            if (!e.isWarning()) {
                problems.add("BPMN 校验：" + e.getDefaultDescription() + "（" + e.getActivityId() + "） / BPMN check: " + e.getDefaultDescription() + " (" + e.getActivityId() + ")");
            }
        }
        if (process.findFlowElementsOfType(StartEvent.class).isEmpty()) {
            problems.add("流程没有开始事件 / the workflow has no start event");
        }
        if (process.findFlowElementsOfType(EndEvent.class).isEmpty()) {
            problems.add("流程没有结束事件 / the workflow has no end");
        }
        for (FlowElement e : process.getFlowElements()) {
            if (e instanceof ScriptTask) {
                problems.add("流程不能含脚本任务：" + e.getId() + " / a workflow may not run scripts: " + e.getId());
            } else if (e instanceof ServiceTask t && !STEPS.contains(String.valueOf(t.getImplementation()))) {
                problems.add("服务任务 " + t.getId() + " 调用了未知步骤 " + t.getImplementation() + " / service task " + t.getId() + " calls an unknown step "
                        + t.getImplementation());
            } else if (e instanceof UserTask t && !USER_TASKS.contains(t.getId())) {
                problems.add("人工任务应为 review 或 correction：" + t.getId() + " / a user task must be review or correction: " + t.getId());
            }
        }
        return problems;
    }

    /** Deploys the workflow (in the caller's transaction) and returns the process definition id applications start on. */
    String deploy(ServiceDefinition d) {
        var deployment = repository.createDeployment().name(d.code() + " v" + d.version()).key(d.processKey())
                .addString(d.processKey() + ".bpmn20.xml", bpmnOf(d)).deploy();
        return repository.createProcessDefinitionQuery().deploymentId(deployment.getId()).singleResult().getId();
    }

    /**
     * The templates: fetch the materials, decide by the table; a refusal is issued at once; a grant is paid (when the
     * service pays) and issued, or reviewed first (REVIEW); the table's REVIEW sends any service to the department,
     * which approves, refuses or returns it for correction (the applicant corrects, and it is fetched and decided again).
     */
    static String template(String template, String key, String name, String department, boolean pays) {
        boolean reviewAlways = "REVIEW".equals(template);
        String granted = reviewAlways ? "review" : pays ? "pay" : "issue";
        String approved = pays ? "pay" : "issue";
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn"
                             targetNamespace="https://citybrain.org/services">
                  <process id="%1$s" name="%2$s" isExecutable="true">
                    <startEvent id="start"/>
                    <sequenceFlow id="f1" sourceRef="start" targetRef="fetch"/>
                    <serviceTask id="fetch" name="获取共享材料" flowable:delegateExpression="${fetchMaterials}"/>
                    <sequenceFlow id="f2" sourceRef="fetch" targetRef="decide"/>
                    <serviceTask id="decide" name="判定办理条件" flowable:delegateExpression="${checkEligibility}"/>
                    <sequenceFlow id="f3" sourceRef="decide" targetRef="byOutcome"/>
                    <exclusiveGateway id="byOutcome" default="toReview"/>
                    <sequenceFlow id="granted" sourceRef="byOutcome" targetRef="%4$s"><conditionExpression>${outcome == 'GRANT'}</conditionExpression></sequenceFlow>
                    <sequenceFlow id="refused" sourceRef="byOutcome" targetRef="issue"><conditionExpression>${outcome == 'REFUSE'}</conditionExpression></sequenceFlow>
                    <sequenceFlow id="toReview" sourceRef="byOutcome" targetRef="review"/>
                    <userTask id="review" name="部门审核" flowable:candidateGroups="%3$s"/>
                    <sequenceFlow id="f4" sourceRef="review" targetRef="byReview"/>
                    <exclusiveGateway id="byReview" default="reviewRefused"/>
                    <sequenceFlow id="approved" sourceRef="byReview" targetRef="%5$s"><conditionExpression>${review == 'APPROVE'}</conditionExpression></sequenceFlow>
                    <sequenceFlow id="returned" sourceRef="byReview" targetRef="correction"><conditionExpression>${review == 'RETURN'}</conditionExpression></sequenceFlow>
                    <sequenceFlow id="reviewRefused" sourceRef="byReview" targetRef="issue"/>
                    <userTask id="correction" name="申请人补正" flowable:assignee="${applicant}"/>
                    <sequenceFlow id="f5" sourceRef="correction" targetRef="fetch"/>
                    %6$s
                    <serviceTask id="issue" name="出具决定" flowable:delegateExpression="${issueDecision}"/>
                    <sequenceFlow id="f7" sourceRef="issue" targetRef="end"/>
                    <endEvent id="end"/>
                  </process>
                </definitions>
                """.formatted(key, xml(name), xml(department), granted, approved, pays
                ? "<serviceTask id=\"pay\" name=\"生成支付指令\" flowable:delegateExpression=\"${createPaymentOrder}\"/>\n        <sequenceFlow id=\"f6\" sourceRef=\"pay\" targetRef=\"issue\"/>"
                : "");
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }
}
