/**
 * Government services (郑好办, 一网通办), as a city's service centre (政务服务中心) and its departments run them:
 * services defined as data (办事事项: form as JSON Schema, materials supplied or fetched from shared data through the
 * data hub's grants, eligibility as a DMN decision table, the workflow in BPMN, time limits, fees, outputs), published
 * in versions; one application API for the phone, the PC portal, the service hall's counter and the kiosk; the
 * citizen's applications with their timeline; the departments' queues and reviews; payments to the bank.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Government services")
package org.citybrain.services;
