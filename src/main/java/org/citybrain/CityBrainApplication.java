package org.citybrain;

import org.citybrain.demo.GenerateCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * CityBrain (城市大脑): the city's data operating system.
 *
 * <p>Started plainly it serves the web UI and APIs on a demo city; started with {@code generate} as first
 * argument it only generates a (possibly very large) city into the configured database and exits; with
 * {@code datahub load SOURCE FILE} it loads one file into a data hub source and exits; with {@code flood run MODEL.inp}
 * it runs a drainage model and writes its report, without starting the application.
 */
@SpringBootApplication
@EnableScheduling
@EnableAsync
public class CityBrainApplication {

    public static void main(String[] args) {
        if (args.length > 0 && org.citybrain.flood.FloodCommand.NAME.equals(args[0])) {
            // a model run needs no database and no web server: no Spring context at all
            System.exit(org.citybrain.flood.FloodCommand.run(java.util.List.of(args).subList(1, args.length), System.out, System.err));
        }
        SpringApplication app = new SpringApplication(CityBrainApplication.class);
        if (args.length > 0 && GenerateCommand.NAME.equals(args[0])) {
            app.setWebApplicationType(WebApplicationType.NONE);
            app.setAdditionalProfiles(GenerateCommand.PROFILE);
        }
        if (args.length > 0 && org.citybrain.datahub.LoadCommandLine.NAME.equals(args[0])) {
            app.setWebApplicationType(WebApplicationType.NONE);
            app.setAdditionalProfiles(org.citybrain.datahub.LoadCommandLine.PROFILE);
        }
        app.run(args);
    }
}
