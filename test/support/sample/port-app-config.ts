/** The sample plugin's default mapping, in Ocean's port-app-config.yml format. */
export const samplePortAppConfig = `
resources:
  - kind: team
    selector:
      query: "true"
    port:
      entity:
        mappings:
          identifier: .slug
          title: .name
          blueprint: '"sampleTeam"'
          properties:
            size: .members | length
  - kind: service
    selector:
      query: .archived != true
    port:
      entity:
        mappings:
          identifier: .id
          title: .name
          blueprint: '"sampleService"'
          properties:
            language: .lang
            stars: .stars
          relations:
            team: .team
`;
